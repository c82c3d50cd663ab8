package dev.mosaic.adapters.out.providers.anthropic;

import static dev.mosaic.adapters.out.providers.ProviderFixtures.CLIENT;

import dev.mosaic.adapters.out.providers.ProviderFixtures;
import dev.mosaic.application.Secret;
import dev.mosaic.application.port.out.provider.ChatRequest;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/** Anthropic adapters with short timeouts, a request, and Messages stream bodies. */
final class Fixtures {
    static final String API_KEY = "sk-ant-api03-test-0123456789abcdef";
    static final String MODEL = "claude-sonnet-4-5";

    private Fixtures() {}

    static AnthropicConfig config(URI baseUrl) {
        return AnthropicConfig.of("anthropic", baseUrl, Secret.ofNullable(API_KEY))
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(5));
    }

    static AnthropicMessagesAdapter adapter(URI baseUrl) {
        return new AnthropicMessagesAdapter(config(baseUrl), CLIENT);
    }

    static ChatRequest ask(String text) {
        return new ChatRequest(MODEL, "", List.of(ProviderFixtures.user(text)), 0);
    }

    static String messageStart(String usage) {
        return "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\","
                + "\"content\":[],\"model\":\"claude-sonnet-4-5-20250929\",\"stop_reason\":null,\"usage\":" + usage + "}}";
    }

    static String blockStart(int index, String block) {
        return "{\"type\":\"content_block_start\",\"index\":" + index + ",\"content_block\":" + block + "}";
    }

    static String delta(int index, String delta) {
        return "{\"type\":\"content_block_delta\",\"index\":" + index + ",\"delta\":" + delta + "}";
    }

    static String textDelta(int index, String text) {
        return delta(index, "{\"type\":\"text_delta\",\"text\":\"" + text + "\"}");
    }

    static String blockStop(int index) {
        return "{\"type\":\"content_block_stop\",\"index\":" + index + "}";
    }

    static String messageDelta(String stopReason, String usage) {
        return "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"" + stopReason + "\",\"stop_sequence\":null},"
                + "\"usage\":" + usage + "}";
    }

    static final String MESSAGE_STOP = "{\"type\":\"message_stop\"}";
}
