package dev.mosaic.adapters.out.providers.openai;

import dev.mosaic.adapters.out.providers.ProviderHttpClients;
import dev.mosaic.application.port.out.provider.Cancellation;
import dev.mosaic.application.port.out.provider.ChatProvider;
import dev.mosaic.application.port.out.provider.ChatRequest;
import dev.mosaic.application.port.out.provider.ChatStreamListener;
import dev.mosaic.application.port.out.provider.ProviderReply;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * A {@link ChatProvider} speaking the OpenAI Responses API with streaming ({@code POST /responses},
 * typed server-sent events), configured like the Chat Completions adapter. {@link #stream} blocks
 * its (virtual) thread until the reply ends and never throws.
 */
public final class OpenAiResponsesAdapter implements ChatProvider {
    private final OpenAiApi api;
    private final HttpUrl responsesUrl;

    /**
     * @param sharedClient the gateway's client, e.g. from {@link ProviderHttpClients#create()}; this
     *     adapter derives its own settings from it and keeps its connection pool and dispatcher
     */
    public OpenAiResponsesAdapter(OpenAiChatConfig config, OkHttpClient sharedClient) {
        this.api = new OpenAiApi(config, sharedClient);
        this.responsesUrl = api.url("responses");
    }

    /** An adapter with a client of its own; prefer sharing one client when there are several adapters. */
    public static OpenAiResponsesAdapter create(OpenAiChatConfig config) {
        return new OpenAiResponsesAdapter(config, ProviderHttpClients.create());
    }

    @Override
    public String id() {
        return api.config.providerId();
    }

    @Override
    public ProviderReply stream(ChatRequest request, ChatStreamListener listener, Cancellation cancellation) {
        return api.stream(responsesUrl, () -> ResponsesRequests.body(request, api.config.providerId()),
                new ResponsesAssembler(request.model(), listener, api.errors), cancellation);
    }
}
