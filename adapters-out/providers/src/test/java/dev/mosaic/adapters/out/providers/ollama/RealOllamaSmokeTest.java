package dev.mosaic.adapters.out.providers.ollama;

import static dev.mosaic.adapters.out.providers.ProviderFixtures.CLIENT;
import static dev.mosaic.adapters.out.providers.ProviderFixtures.noCancel;

import dev.mosaic.adapters.out.providers.ProviderCallException;
import dev.mosaic.adapters.out.providers.ProviderFixtures;
import dev.mosaic.adapters.out.providers.RealProviders;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * One short streamed reply from a real Ollama, when {@code OLLAMA_HOST} is set and the server
 * answers; {@code OLLAMA_MODEL} (default {@code llama3.2}) must have been pulled there.
 */
@Tag(RealProviders.TAG)
class RealOllamaSmokeTest {

    @Test
    void aShortReplyStreamsFromARealServer() {
        String host = RealProviders.require("OLLAMA_HOST", "real-Ollama smoke test");
        // Ollama's own clients accept a host without a scheme, as in OLLAMA_HOST=127.0.0.1:11434.
        OllamaChatAdapter adapter = new OllamaChatAdapter(OllamaConfig.of("ollama",
                URI.create(host.contains("://") ? host : "http://" + host)), CLIENT);
        String model = RealProviders.orDefault("OLLAMA_MODEL", "llama3.2");
        List<String> pulled = pulledModels(adapter, host);
        RealProviders.skipUnless(pulled.contains(model) || pulled.contains(model + ":latest"), "the model " + model
                + " is not pulled on OLLAMA_HOST=" + host + " (it has " + pulled + "; run `ollama pull " + model
                + "` or set OLLAMA_MODEL): the real-Ollama smoke test did not run");
        ProviderFixtures.Recorder recorder = new ProviderFixtures.Recorder();

        RealProviders.assertShortReply(adapter.stream(RealProviders.pingRequest(model), recorder, noCancel()), recorder);
    }

    private static List<String> pulledModels(OllamaChatAdapter adapter, String host) {
        try {
            return adapter.listModels();
        } catch (ProviderCallException unreachable) {
            RealProviders.skipUnless(false, "OLLAMA_HOST=" + host + " does not answer (" + unreachable.getMessage()
                    + "): the real-Ollama smoke test did not run");
            throw unreachable;
        }
    }
}
