package dev.mosaic.adapters.out.providers.ollama;

import static dev.mosaic.adapters.out.providers.ProviderFixtures.CLIENT;
import static dev.mosaic.adapters.out.providers.ollama.Fixtures.content;
import static dev.mosaic.adapters.out.providers.ollama.Fixtures.done;
import static dev.mosaic.adapters.out.providers.ollama.Fixtures.lines;

import dev.mosaic.adapters.out.providers.ChatProviderContract;
import dev.mosaic.application.port.out.provider.ChatProvider;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The behaviours every adapter shares, for Ollama's native chat. */
class OllamaContractTest extends ChatProviderContract {

    @Override
    protected ChatProvider adapter(URI baseUrl, Duration firstByteTimeout, Duration idleTimeout) {
        return new OllamaChatAdapter(Fixtures.config(baseUrl).withTimeouts(Duration.ofSeconds(2), firstByteTimeout, idleTimeout),
                CLIENT);
    }

    @Override
    protected URI baseUrl() {
        return server.url("/").uri();
    }

    @Override
    protected String contentType() {
        return "application/x-ndjson";
    }

    @Override
    protected String stream(boolean complete, String... textPieces) {
        List<String> objects = new ArrayList<>();
        for (String piece : textPieces) {
            objects.add(content(piece));
        }
        if (complete) {
            objects.add(done("stop"));
        }
        return lines(objects.toArray(String[]::new));
    }

    @Override
    protected String notJsonEvent() {
        return "this is {not json\n";
    }
}
