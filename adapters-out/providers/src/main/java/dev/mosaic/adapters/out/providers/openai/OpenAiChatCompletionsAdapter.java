package dev.mosaic.adapters.out.providers.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mosaic.adapters.out.providers.ProviderCallException;
import dev.mosaic.adapters.out.providers.ProviderHttpClients;
import dev.mosaic.application.port.out.provider.Cancellation;
import dev.mosaic.application.port.out.provider.ChatProvider;
import dev.mosaic.application.port.out.provider.ChatRequest;
import dev.mosaic.application.port.out.provider.ChatStreamListener;
import dev.mosaic.application.port.out.provider.ProviderReply;
import java.util.ArrayList;
import java.util.List;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * A {@link ChatProvider} speaking OpenAI Chat Completions with streaming, for any vendor that
 * offers that protocol. {@link #stream} blocks its (virtual) thread until the reply ends and never
 * throws.
 */
public final class OpenAiChatCompletionsAdapter implements ChatProvider {
    private final OpenAiApi api;
    private final HttpUrl completionsUrl;
    private final HttpUrl modelsUrl;
    private final boolean reportsCost;

    /**
     * @param sharedClient the gateway's client, e.g. from {@link ProviderHttpClients#create()}; this
     *     adapter derives its own settings from it and keeps its connection pool and dispatcher
     */
    public OpenAiChatCompletionsAdapter(OpenAiChatConfig config, OkHttpClient sharedClient) {
        this.api = new OpenAiApi(config, sharedClient);
        this.completionsUrl = api.url("chat/completions");
        this.modelsUrl = api.url("models");
        this.reportsCost = config.providerId().equals("openrouter");
    }

    /** An adapter with a client of its own; prefer sharing one client when there are several adapters. */
    public static OpenAiChatCompletionsAdapter create(OpenAiChatConfig config) {
        return new OpenAiChatCompletionsAdapter(config, ProviderHttpClients.create());
    }

    @Override
    public String id() {
        return api.config.providerId();
    }

    @Override
    public ProviderReply stream(ChatRequest request, ChatStreamListener listener, Cancellation cancellation) {
        return api.stream(completionsUrl, () -> ChatCompletionsRequests.body(request, api.config.providerId()),
                new ChatCompletionsAssembler(request.model(), listener, api.errors, reportsCost), cancellation);
    }

    /**
     * The ids of the models the endpoint offers ({@code GET /models}), e.g. for a health check.
     *
     * @throws ProviderCallException when the endpoint cannot be reached or refuses
     */
    public List<String> listModels() {
        List<String> ids = new ArrayList<>();
        for (JsonNode model : api.get(modelsUrl, "its model list").path("data")) {
            String id = model.path("id").asText("");
            if (!id.isEmpty()) {
                ids.add(id);
            }
        }
        return ids;
    }
}
