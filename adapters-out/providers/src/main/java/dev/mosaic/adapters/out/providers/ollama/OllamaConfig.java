package dev.mosaic.adapters.out.providers.ollama;

import dev.mosaic.adapters.out.providers.ProviderEndpoint;
import java.net.URI;
import java.time.Duration;

/**
 * One Ollama server, reached through its native API.
 *
 * @param providerId the provider's name as users see it, e.g. {@code ollama}
 * @param host where the server listens, e.g. {@code http://127.0.0.1:11434}; {@code /api/...} is appended
 * @param firstByteTimeout how long to wait for the response headers, which includes loading the model
 * @param idleTimeout the longest silence allowed inside a stream
 */
public record OllamaConfig(
        String providerId, URI host, Duration connectTimeout, Duration firstByteTimeout, Duration idleTimeout) {

    public static final URI DEFAULT_HOST = URI.create("http://127.0.0.1:11434");
    /** Ollama answers only once the model is in memory, and loading a large one from disk takes minutes. */
    public static final Duration DEFAULT_FIRST_BYTE_TIMEOUT = Duration.ofMinutes(3);

    public OllamaConfig {
        ProviderEndpoint.requireValid(providerId, host, connectTimeout, firstByteTimeout, idleTimeout);
    }

    /** The usual timeouts: 10 s to connect, {@link #DEFAULT_FIRST_BYTE_TIMEOUT} for headers, 60 s of silence. */
    public static OllamaConfig of(String providerId, URI host) {
        return new OllamaConfig(providerId, host, ProviderEndpoint.DEFAULT_CONNECT_TIMEOUT, DEFAULT_FIRST_BYTE_TIMEOUT,
                ProviderEndpoint.DEFAULT_IDLE_TIMEOUT);
    }

    public OllamaConfig withTimeouts(Duration connect, Duration firstByte, Duration idle) {
        return new OllamaConfig(providerId, host, connect, firstByte, idle);
    }

    ProviderEndpoint endpoint() {
        return new ProviderEndpoint(providerId, host, connectTimeout, firstByteTimeout, idleTimeout);
    }
}
