package dev.mosaic.adapters.out.providers.openai;

import static dev.mosaic.adapters.out.providers.ProviderFixtures.CLIENT;
import static dev.mosaic.adapters.out.providers.ProviderFixtures.noCancel;

import dev.mosaic.adapters.out.providers.ProviderFixtures;
import dev.mosaic.adapters.out.providers.RealProviders;
import dev.mosaic.application.Secret;
import dev.mosaic.application.port.out.provider.ChatProvider;
import java.net.URI;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * One short streamed reply from the real OpenAI API through each protocol, when {@code OPENAI_API_KEY}
 * is set ({@code OPENAI_MODEL} and {@code OPENAI_BASE_URL} override the model and the endpoint).
 */
@Tag(RealProviders.TAG)
class RealOpenAiSmokeTest {

    private static OpenAiChatConfig config(String test) {
        String key = RealProviders.require("OPENAI_API_KEY", test);
        return OpenAiChatConfig.of("openai", URI.create(RealProviders.orDefault("OPENAI_BASE_URL", "https://api.openai.com/v1")),
                Secret.ofNullable(key));
    }

    private static void assertShortReply(ChatProvider adapter) {
        ProviderFixtures.Recorder recorder = new ProviderFixtures.Recorder();
        RealProviders.assertShortReply(adapter.stream(
                RealProviders.pingRequest(RealProviders.orDefault("OPENAI_MODEL", "gpt-4o-mini")), recorder, noCancel()), recorder);
    }

    @Test
    void aShortReplyStreamsThroughChatCompletions() {
        assertShortReply(new OpenAiChatCompletionsAdapter(config("real-OpenAI Chat Completions smoke test"), CLIENT));
    }

    @Test
    void aShortReplyStreamsThroughResponses() {
        assertShortReply(new OpenAiResponsesAdapter(config("real-OpenAI Responses smoke test"), CLIENT));
    }
}
