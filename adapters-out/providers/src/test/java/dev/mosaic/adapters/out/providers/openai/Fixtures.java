package dev.mosaic.adapters.out.providers.openai;

import static dev.mosaic.adapters.out.providers.ProviderFixtures.CLIENT;

import dev.mosaic.adapters.out.providers.ProviderFixtures;
import dev.mosaic.application.Secret;
import dev.mosaic.application.port.out.provider.ChatRequest;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/** OpenAI-protocol adapters with short timeouts, a request, and the pieces of Chat Completions and Responses streams. */
final class Fixtures {
    static final String API_KEY = "sk-test-0123456789abcdef";

    private Fixtures() {}

    static OpenAiChatConfig config(URI baseUrl) {
        return OpenAiChatConfig.of("openai", baseUrl, Secret.ofNullable(API_KEY))
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(5));
    }

    static OpenAiChatCompletionsAdapter adapter(URI baseUrl) {
        return new OpenAiChatCompletionsAdapter(config(baseUrl), CLIENT);
    }

    static OpenAiResponsesAdapter responses(URI baseUrl) {
        return new OpenAiResponsesAdapter(config(baseUrl), CLIENT);
    }

    static ChatRequest ask(String text) {
        return new ChatRequest("gpt-4o", "", List.of(ProviderFixtures.user(text)), 0);
    }

    /** An SSE body made of these JSON payloads, each as one {@code data:} event. */
    static String events(String... payloads) {
        StringBuilder body = new StringBuilder();
        for (String payload : payloads) {
            body.append("data: ").append(payload).append("\n\n");
        }
        return body.toString();
    }

    // Responses events.

    static final String RESPONSE_CREATED = "{\"type\":\"response.created\",\"response\":{\"id\":\"resp_1\",\"status\":\"in_progress\","
            + "\"model\":\"gpt-5-mini-2025-08-07\",\"output\":[],\"usage\":null},\"sequence_number\":0}";

    static String messageAdded(int outputIndex) {
        return "{\"type\":\"response.output_item.added\",\"output_index\":" + outputIndex + ",\"item\":{\"id\":\"msg_" + outputIndex
                + "\",\"type\":\"message\",\"status\":\"in_progress\",\"role\":\"assistant\",\"content\":[]}}";
    }

    static String textDelta(int outputIndex, String text) {
        return "{\"type\":\"response.output_text.delta\",\"item_id\":\"msg_" + outputIndex + "\",\"output_index\":" + outputIndex
                + ",\"content_index\":0,\"delta\":\"" + text + "\"}";
    }

    static String completed(String usage) {
        return "{\"type\":\"response.completed\",\"response\":{\"id\":\"resp_1\",\"status\":\"completed\","
                + "\"model\":\"gpt-5-mini-2025-08-07\",\"usage\":" + usage + "}}";
    }
}
