package dev.mosaic.adapters.out.providers.ollama;

import static dev.mosaic.adapters.out.providers.ProviderFixtures.CLIENT;

import dev.mosaic.adapters.out.providers.ProviderFixtures;
import dev.mosaic.application.port.out.provider.ChatRequest;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/** Ollama adapters with short timeouts, a request, and {@code /api/chat} stream lines. */
final class Fixtures {
    static final String MODEL = "llama3.2";

    private Fixtures() {}

    static OllamaConfig config(URI host) {
        return OllamaConfig.of("ollama", host).withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(5));
    }

    static OllamaChatAdapter adapter(URI host) {
        return new OllamaChatAdapter(config(host), CLIENT);
    }

    static ChatRequest ask(String text) {
        return new ChatRequest(MODEL, "", List.of(ProviderFixtures.user(text)), 0);
    }

    /** A body of these JSON objects, one a line. */
    static String lines(String... objects) {
        return String.join("\n", objects) + "\n";
    }

    static String content(String text) {
        return "{\"model\":\"llama3.2\",\"message\":{\"role\":\"assistant\",\"content\":\"" + text + "\"},\"done\":false}";
    }

    static String done(String reason) {
        return "{\"model\":\"llama3.2\",\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done\":true,\"done_reason\":\""
                + reason + "\",\"prompt_eval_count\":12,\"eval_count\":3}";
    }
}
