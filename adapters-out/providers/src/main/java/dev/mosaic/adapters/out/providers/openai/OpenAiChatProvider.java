package dev.mosaic.adapters.out.providers.openai;

import dev.mosaic.application.port.out.provider.Cancellation;
import dev.mosaic.application.port.out.provider.ChatProvider;
import dev.mosaic.application.port.out.provider.ChatRequest;
import dev.mosaic.application.port.out.provider.ChatStreamListener;
import dev.mosaic.application.port.out.provider.ProviderReply;
import java.util.List;
import java.util.Locale;
import okhttp3.OkHttpClient;

/**
 * One OpenAI-protocol provider, speaking Responses to the models made for it (OpenAI's gpt-5.x and
 * Codex models) and Chat Completions to every other, per request, since a conversation can switch
 * models. Vendors that only mirror Chat Completions (OpenRouter, Z.ai) get Chat Completions always.
 */
public final class OpenAiChatProvider implements ChatProvider {

    private final String id;
    private final OpenAiChatCompletionsAdapter chatCompletions;
    private final OpenAiResponsesAdapter responses;
    private final boolean responsesOnly;

    /** @param responsesOnly true for an endpoint that speaks Responses only, such as the one a ChatGPT login reaches */
    public OpenAiChatProvider(OpenAiChatConfig config, OkHttpClient sharedClient, boolean responsesOnly) {
        this.id = config.providerId();
        this.chatCompletions = new OpenAiChatCompletionsAdapter(config, sharedClient);
        this.responses = new OpenAiResponsesAdapter(config, sharedClient);
        this.responsesOnly = responsesOnly;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public ProviderReply stream(ChatRequest request, ChatStreamListener listener, Cancellation cancellation) {
        return speaksResponses(request.model())
                ? responses.stream(request, listener, cancellation)
                : chatCompletions.stream(request, listener, cancellation);
    }

    /** True when {@code model} is answered through the Responses API here. */
    public boolean speaksResponses(String model) {
        String name = model.toLowerCase(Locale.ROOT);
        return responsesOnly || id.equals("openai") && (name.startsWith("gpt-5") || name.contains("codex"));
    }

    /** The endpoint's model list ({@code GET /models}). */
    public List<String> listModels() {
        return chatCompletions.listModels();
    }
}
