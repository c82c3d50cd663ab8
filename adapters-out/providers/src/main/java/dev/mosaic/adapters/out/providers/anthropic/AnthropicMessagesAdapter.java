package dev.mosaic.adapters.out.providers.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mosaic.adapters.out.providers.ProviderCallException;
import dev.mosaic.adapters.out.providers.ProviderErrors;
import dev.mosaic.adapters.out.providers.ProviderHttpClients;
import dev.mosaic.adapters.out.providers.ProviderTransport;
import dev.mosaic.application.port.out.provider.Cancellation;
import dev.mosaic.application.port.out.provider.ChatProvider;
import dev.mosaic.application.port.out.provider.ChatRequest;
import dev.mosaic.application.port.out.provider.ChatStreamListener;
import dev.mosaic.application.port.out.provider.ProviderReply;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;

/**
 * A {@link ChatProvider} speaking the Anthropic Messages API with streaming ({@code POST /v1/messages},
 * server-sent events). {@link #stream} blocks its (virtual) thread until the reply ends and never
 * throws.
 */
public final class AnthropicMessagesAdapter implements ChatProvider {
    /** The beta feature under which the API accepts a Claude subscription's OAuth token. */
    private static final String OAUTH_BETA = "oauth-2025-04-20";
    private static final String MODELS_PAGE_SIZE = "1000";

    private final AnthropicConfig config;
    private final ProviderErrors errors;
    private final ProviderTransport transport;
    private final HttpUrl messagesUrl;
    private final HttpUrl modelsUrl;

    /**
     * @param sharedClient the gateway's client, e.g. from {@link ProviderHttpClients#create()}; this
     *     adapter derives its own settings from it and keeps its connection pool and dispatcher
     */
    public AnthropicMessagesAdapter(AnthropicConfig config, OkHttpClient sharedClient) {
        this.config = Objects.requireNonNull(config, "config");
        this.errors = new ProviderErrors(config.endpoint(), config.apiKey(), config.oauthToken());
        this.transport = new ProviderTransport(sharedClient, config.endpoint(), errors);
        this.messagesUrl = ProviderTransport.url(config.baseUrl(), "v1/messages");
        this.modelsUrl = ProviderTransport.url(config.baseUrl(), "v1/models");
    }

    /** An adapter with a client of its own; prefer sharing one client when there are several adapters. */
    public static AnthropicMessagesAdapter create(AnthropicConfig config) {
        return new AnthropicMessagesAdapter(config, ProviderHttpClients.create());
    }

    @Override
    public String id() {
        return config.providerId();
    }

    @Override
    public ProviderReply stream(ChatRequest request, ChatStreamListener listener, Cancellation cancellation) {
        return transport.streamEvents(
                () -> authorized(messagesUrl)
                        .post(ProviderTransport.jsonBody(MessagesRequests.body(request, config.providerId(), config.defaultMaxTokens(),
                                config.systemPreamble())))
                        .build(),
                new MessagesAssembler(request.model(), listener, errors),
                failure -> AnthropicErrors.fromHttp(errors, failure, request.model()), cancellation);
    }

    /**
     * The models the endpoint offers ({@code GET /v1/models}, every page), with their context
     * windows where the endpoint states them.
     *
     * @throws ProviderCallException when the endpoint cannot be reached or refuses
     */
    public List<AnthropicModel> listModels() {
        List<AnthropicModel> models = new ArrayList<>();
        String after = null;
        do {
            HttpUrl.Builder page = modelsUrl.newBuilder().addQueryParameter("limit", MODELS_PAGE_SIZE);
            if (after != null) {
                page.addQueryParameter("after_id", after);
            }
            JsonNode list = transport.fetchJson(authorized(page.build()).get().build(),
                    failure -> AnthropicErrors.fromHttp(errors, failure, null), "its model list");
            for (JsonNode model : list.path("data")) {
                String id = model.path("id").asText("");
                if (!id.isEmpty()) {
                    JsonNode window = model.path("max_input_tokens");
                    models.add(new AnthropicModel(id, model.path("display_name").asText(""),
                            window.canConvertToInt() && window.asInt() > 0 ? OptionalInt.of(window.asInt()) : OptionalInt.empty()));
                }
            }
            String last = list.path("last_id").asText("");
            // A server that keeps naming the same last id would otherwise be asked forever.
            after = list.path("has_more").asBoolean(false) && !last.isEmpty() && !last.equals(after) ? last : null;
        } while (after != null);
        return models;
    }

    private Request.Builder authorized(HttpUrl url) {
        Request.Builder request = new Request.Builder().url(url);
        config.extraHeaders().forEach(request::header);
        request.header("anthropic-version", config.anthropicVersion());
        if (config.oauthToken() != null) {
            request.header("Authorization", "Bearer " + config.oauthToken().reveal());
            request.header("anthropic-beta", withOAuthBeta(config.extraHeaders()));
        } else if (config.apiKey() != null) {
            request.header("x-api-key", config.apiKey().reveal());
        }
        return request;
    }

    /** The beta features asked for in the extra headers, if any, plus the one OAuth needs. */
    private static String withOAuthBeta(Map<String, String> extraHeaders) {
        return extraHeaders.entrySet().stream()
                .filter(header -> header.getKey().equalsIgnoreCase("anthropic-beta"))
                .map(header -> header.getValue().strip() + "," + OAUTH_BETA)
                .findFirst()
                .orElse(OAUTH_BETA);
    }
}
