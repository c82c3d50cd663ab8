package dev.mosaic.adapters.out.providers.anthropic;

import static dev.mosaic.adapters.out.providers.ProviderFixtures.CLIENT;
import static dev.mosaic.adapters.out.providers.ProviderFixtures.noCancel;

import dev.mosaic.adapters.out.providers.ProviderFixtures;
import dev.mosaic.adapters.out.providers.RealProviders;
import dev.mosaic.application.Secret;
import java.net.URI;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * One short streamed reply from the real Anthropic API, when {@code ANTHROPIC_API_KEY} is set
 * ({@code ANTHROPIC_MODEL} and {@code ANTHROPIC_BASE_URL} override the model and the endpoint).
 */
@Tag(RealProviders.TAG)
class RealAnthropicSmokeTest {

    @Test
    void aShortReplyStreamsFromTheRealApi() {
        String key = RealProviders.require("ANTHROPIC_API_KEY", "real-Anthropic smoke test");
        URI baseUrl = URI.create(RealProviders.orDefault("ANTHROPIC_BASE_URL", AnthropicConfig.DEFAULT_BASE_URL.toString()));
        AnthropicMessagesAdapter adapter = new AnthropicMessagesAdapter(
                AnthropicConfig.of("anthropic", baseUrl, Secret.ofNullable(key)), CLIENT);
        ProviderFixtures.Recorder recorder = new ProviderFixtures.Recorder();

        RealProviders.assertShortReply(adapter.stream(
                RealProviders.pingRequest(RealProviders.orDefault("ANTHROPIC_MODEL", "claude-haiku-4-5")), recorder, noCancel()),
                recorder);
    }
}
