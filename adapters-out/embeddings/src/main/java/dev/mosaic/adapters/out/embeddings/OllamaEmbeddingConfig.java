package dev.mosaic.adapters.out.embeddings;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Where Ollama runs and which embedding model it serves.
 *
 * @param host       e.g. {@code http://localhost:11434}; a path prefix (behind a proxy) is kept
 * @param model      as Ollama names it, e.g. {@code nomic-embed-text}
 * @param dimensions the model's embedding length ({@code ollama show <model>} prints it); every
 *                   answer is checked against it
 * @param timeout    for one whole call; the first call after Ollama starts includes loading the model
 */
public record OllamaEmbeddingConfig(URI host, String model, int dimensions, Duration timeout) {

    /** Ollama's own default port on this machine. */
    public static final URI LOCAL_HOST = URI.create("http://localhost:11434");
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    public OllamaEmbeddingConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(timeout, "timeout");
        if (!HttpUrls.isHttp(host)) {
            throw new IllegalArgumentException("the Ollama host must be an http or https URL, not " + host);
        }
        if (model.isBlank()) {
            throw new IllegalArgumentException("the Ollama embedding model needs a name");
        }
        if (dimensions <= 0) {
            throw new IllegalArgumentException("dimensions must be positive, not " + dimensions);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the timeout must be positive, not " + timeout);
        }
    }

    /** nomic-embed-text: 768 dimensions. */
    public static OllamaEmbeddingConfig nomicEmbedText(URI host) {
        return new OllamaEmbeddingConfig(host, "nomic-embed-text", 768, DEFAULT_TIMEOUT);
    }

    /** mxbai-embed-large: 1024 dimensions. */
    public static OllamaEmbeddingConfig mxbaiEmbedLarge(URI host) {
        return new OllamaEmbeddingConfig(host, "mxbai-embed-large", 1024, DEFAULT_TIMEOUT);
    }
}
