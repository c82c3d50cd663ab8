package dev.mosaic.simulator;

import java.time.Duration;
import java.util.Objects;

/**
 * How to run a {@link ProviderSimulator}.
 *
 * @param port 0 for any free port
 * @param tokenDelay the pause before each streamed chunk of a reply (a scripted reply may override it)
 * @param requireAuth whether requests must carry a key: {@code Authorization: Bearer <key>}, or for
 *     Anthropic {@code x-api-key} (either works); Ollama's endpoints ask for one only when
 *     {@code apiKey} is set, as a local Ollama needs none
 * @param apiKey the one key accepted, or null to accept any non-empty key
 * @param chunkObserver told about every content chunk before it is written; null for none
 */
public record SimulatorOptions(int port, Duration tokenDelay, boolean requireAuth, String apiKey, ChunkObserver chunkObserver) {

    public static final Duration DEFAULT_TOKEN_DELAY = Duration.ofMillis(20);

    public SimulatorOptions {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, not " + port);
        }
        Objects.requireNonNull(tokenDelay, "tokenDelay");
        if (tokenDelay.isNegative()) {
            throw new IllegalArgumentException("tokenDelay cannot be negative");
        }
    }

    /** A random port, 20 ms per chunk, any bearer key accepted. */
    public static SimulatorOptions defaults() {
        return new SimulatorOptions(0, DEFAULT_TOKEN_DELAY, true, null, null);
    }

    public SimulatorOptions withPort(int newPort) {
        return new SimulatorOptions(newPort, tokenDelay, requireAuth, apiKey, chunkObserver);
    }

    public SimulatorOptions withTokenDelay(Duration delay) {
        return new SimulatorOptions(port, delay, requireAuth, apiKey, chunkObserver);
    }

    /** Accepts requests without any {@code Authorization} header. */
    public SimulatorOptions withoutAuth() {
        return new SimulatorOptions(port, tokenDelay, false, null, chunkObserver);
    }

    /** Accepts only this key; any other gets the protocol's error, e.g. OpenAI's {@code invalid_api_key}. */
    public SimulatorOptions withApiKey(String key) {
        return new SimulatorOptions(port, tokenDelay, true, Objects.requireNonNull(key, "key"), chunkObserver);
    }

    public SimulatorOptions withChunkObserver(ChunkObserver observer) {
        return new SimulatorOptions(port, tokenDelay, requireAuth, apiKey, observer);
    }

    @Override
    public String toString() {
        return "SimulatorOptions[port=" + port + ", tokenDelay=" + tokenDelay + ", requireAuth=" + requireAuth
                + ", apiKey=" + (apiKey == null ? "any" : "****") + ", chunkObserver=" + (chunkObserver != null) + "]";
    }
}
