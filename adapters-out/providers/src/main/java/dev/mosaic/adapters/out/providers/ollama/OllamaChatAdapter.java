package dev.mosaic.adapters.out.providers.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.Objects;
import java.util.OptionalInt;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;

/**
 * A {@link ChatProvider} speaking Ollama's native chat API ({@code POST /api/chat}, newline-delimited
 * JSON). {@link #stream} blocks its (virtual) thread until the reply ends and never throws.
 */
public final class OllamaChatAdapter implements ChatProvider {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final OllamaConfig config;
    private final ProviderErrors errors;
    private final ProviderTransport transport;
    private final HttpUrl chatUrl;
    private final HttpUrl tagsUrl;
    private final HttpUrl showUrl;

    /**
     * @param sharedClient the gateway's client, e.g. from {@link ProviderHttpClients#create()}; this
     *     adapter derives its own settings from it and keeps its connection pool and dispatcher
     */
    public OllamaChatAdapter(OllamaConfig config, OkHttpClient sharedClient) {
        this.config = Objects.requireNonNull(config, "config");
        this.errors = new ProviderErrors(config.endpoint());
        this.transport = new ProviderTransport(sharedClient, config.endpoint(), errors);
        this.chatUrl = ProviderTransport.url(config.host(), "api/chat");
        this.tagsUrl = ProviderTransport.url(config.host(), "api/tags");
        this.showUrl = ProviderTransport.url(config.host(), "api/show");
    }

    /** An adapter with a client of its own; prefer sharing one client when there are several adapters. */
    public static OllamaChatAdapter create(OllamaConfig config) {
        return new OllamaChatAdapter(config, ProviderHttpClients.create());
    }

    @Override
    public String id() {
        return config.providerId();
    }

    @Override
    public ProviderReply stream(ChatRequest request, ChatStreamListener listener, Cancellation cancellation) {
        return transport.streamLines(
                () -> new Request.Builder().url(chatUrl)
                        .post(ProviderTransport.jsonBody(OllamaRequests.body(request, config.providerId()))).build(),
                new OllamaChatAssembler(request.model(), listener, errors),
                failure -> OllamaErrors.fromHttp(errors, failure, request.model()), cancellation);
    }

    /**
     * The names of the models the server has pulled ({@code GET /api/tags}), e.g. {@code llama3.2:latest}.
     *
     * @throws ProviderCallException when the server cannot be reached or refuses
     */
    public List<String> listModels() {
        JsonNode tags = transport.fetchJson(new Request.Builder().url(tagsUrl).get().build(),
                failure -> OllamaErrors.fromHttp(errors, failure, null), "its model list");
        List<String> names = new ArrayList<>();
        for (JsonNode model : tags.path("models")) {
            String name = model.path("name").asText("");
            if (!name.isEmpty()) {
                names.add(name);
            }
        }
        return names;
    }

    /**
     * The context length the model was trained for ({@code POST /api/show}, {@code model_info}'s
     * {@code <architecture>.context_length}); empty when the server does not say. The window Ollama
     * actually gives a request ({@code num_ctx}) may be smaller.
     *
     * @throws ProviderCallException when the server cannot be reached, refuses, or lacks the model
     */
    public OptionalInt contextWindow(String model) {
        JsonNode show = transport.fetchJson(new Request.Builder().url(showUrl)
                        .post(ProviderTransport.jsonBody(JSON.createObjectNode().put("model", model))).build(),
                failure -> OllamaErrors.fromHttp(errors, failure, model), "the details of " + model);
        JsonNode info = show.path("model_info");
        JsonNode length = info.path(info.path("general.architecture").asText("") + ".context_length");
        return length.canConvertToInt() && length.asInt() > 0 ? OptionalInt.of(length.asInt()) : OptionalInt.empty();
    }
}
