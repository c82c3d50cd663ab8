package dev.mosaic.adapters.out.embeddings;

import dev.mosaic.application.Secret;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * An OpenAI-compatible embeddings endpoint: OpenAI itself, OpenRouter, vLLM, llama.cpp, LM Studio,
 * Ollama's {@code /v1}, ….
 *
 * @param baseUrl    the URL that {@code /embeddings} is appended to, e.g. {@code https://api.openai.com/v1}
 * @param apiKey     sent as {@code Authorization: Bearer …}; null for local servers that want none
 * @param model      e.g. {@code text-embedding-3-small}
 * @param dimensions the length of the vectors the model returns; every answer is checked against it
 * @param timeout    for one whole call
 */
public record OpenAiEmbeddingConfig(URI baseUrl, Secret apiKey, String model, int dimensions, Duration timeout) {

    public OpenAiEmbeddingConfig {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(timeout, "timeout");
        if (!HttpUrls.isHttp(baseUrl)) {
            throw new IllegalArgumentException("the embeddings base URL must be an http or https URL, not " + baseUrl);
        }
        if (model.isBlank()) {
            throw new IllegalArgumentException("the embedding model needs a name");
        }
        if (dimensions <= 0) {
            throw new IllegalArgumentException("dimensions must be positive, not " + dimensions);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the timeout must be positive, not " + timeout);
        }
    }
}
