package dev.mosaic.adapters.out.providers.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mosaic.adapters.out.providers.ProviderCallException;
import dev.mosaic.adapters.out.providers.ProviderHttpClients;
import dev.mosaic.application.port.out.provider.Cancellation;
import dev.mosaic.application.port.out.provider.ChatProvider;
import dev.mosaic.application.port.out.provider.ChatRequest;
import dev.mosaic.application.port.out.provider.ChatStreamListener;
import dev.mosaic.application.port.out.provider.ProviderError;
import dev.mosaic.application.port.out.provider.ProviderReply;
import dev.mosaic.domain.conversation.Usage;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.sse.EventSource;
import okhttp3.sse.EventSources;

/**
 * A {@link ChatProvider} speaking OpenAI Chat Completions with streaming, for any vendor that
 * offers that protocol. {@link #stream} blocks its (virtual) thread until the reply ends and never
 * throws.
 */
public final class OpenAiChatCompletionsAdapter implements ChatProvider {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final MediaType JSON_TYPE = MediaType.get("application/json");
    private static final Duration READ_TIMEOUT_MARGIN = Duration.ofSeconds(1);

    private final OpenAiChatConfig config;
    private final OkHttpClient http;
    private final EventSource.Factory events;
    private final ChatCompletionsErrors errors;
    private final HttpUrl completionsUrl;
    private final HttpUrl modelsUrl;

    /**
     * @param sharedClient the gateway's client, e.g. from {@link ProviderHttpClients#create()}; this
     *     adapter derives its own settings from it and keeps its connection pool and dispatcher
     */
    public OpenAiChatCompletionsAdapter(OpenAiChatConfig config, OkHttpClient sharedClient) {
        this.config = Objects.requireNonNull(config, "config");
        this.http = sharedClient.newBuilder()
                .connectTimeout(config.connectTimeout())
                // StreamCall enforces the first-byte and idle timeouts precisely. The socket timeout is
                // only a backstop just beyond both: it frees a connection that a server keeps open after
                // [DONE], which OkHttp reads to its end in the background so it can be reused.
                .readTimeout(max(config.firstByteTimeout(), config.idleTimeout()).plus(READ_TIMEOUT_MARGIN))
                .addInterceptor(StreamActivity.TRACKER)
                .build();
        this.events = EventSources.createFactory(http);
        this.errors = new ChatCompletionsErrors(config);
        this.completionsUrl = endpoint("chat/completions");
        this.modelsUrl = endpoint("models");
    }

    /** An adapter with a client of its own; prefer sharing one client when there are several adapters. */
    public static OpenAiChatCompletionsAdapter create(OpenAiChatConfig config) {
        return new OpenAiChatCompletionsAdapter(config, ProviderHttpClients.create());
    }

    @Override
    public String id() {
        return config.providerId();
    }

    @Override
    public ProviderReply stream(ChatRequest request, ChatStreamListener listener, Cancellation cancellation) {
        try {
            Request post = authorized(new Request.Builder().url(completionsUrl))
                    .post(RequestBody.create(JSON.writeValueAsBytes(ChatCompletionsRequests.body(request)), JSON_TYPE))
                    .build();
            return new StreamCall(config, errors, request.model(), listener).run(events, post, cancellation);
        } catch (IOException | RuntimeException e) {
            return ProviderReply.failed(List.of(), Usage.NONE, request.model(),
                    errors.of(ProviderError.Kind.UNKNOWN, "the request to " + config.providerId() + " could not be made: " + e));
        }
    }

    /**
     * The ids of the models the endpoint offers ({@code GET /models}), e.g. for a health check.
     *
     * @throws ProviderCallException when the endpoint cannot be reached or refuses
     */
    public List<String> listModels() {
        Call call = http.newCall(authorized(new Request.Builder().url(modelsUrl)).get().build());
        call.timeout().timeout(config.firstByteTimeout().plus(config.idleTimeout()).toMillis(), TimeUnit.MILLISECONDS);
        try (Response response = call.execute()) {
            String body = response.body().string();
            if (!response.isSuccessful()) {
                throw new ProviderCallException(errors.fromHttp(response.code(), response.headers(), body, modelsUrl.toString()));
            }
            List<String> ids = new ArrayList<>();
            for (JsonNode model : JSON.readTree(body).path("data")) {
                String id = model.path("id").asText("");
                if (!id.isEmpty()) {
                    ids.add(id);
                }
            }
            return ids;
        } catch (JsonProcessingException e) {
            throw new ProviderCallException(errors.malformed(config.providerId() + " listed its models in a form that is not JSON"));
        } catch (IOException e) {
            throw new ProviderCallException(errors.fromException(e, false));
        }
    }

    private Request.Builder authorized(Request.Builder request) {
        config.extraHeaders().forEach(request::header);
        if (config.apiKey() != null) {
            request.header("Authorization", "Bearer " + config.apiKey().reveal());
        }
        return request;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private HttpUrl endpoint(String path) {
        // A trailing slash on the base URL is fine: OkHttp replaces the empty last segment.
        HttpUrl base = HttpUrl.get(config.baseUrl().toString());
        return base.newBuilder().addPathSegments(path).build();
    }
}
