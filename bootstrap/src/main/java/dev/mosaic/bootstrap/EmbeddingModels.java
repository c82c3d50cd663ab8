package dev.mosaic.bootstrap;

import dev.mosaic.adapters.out.embeddings.OllamaEmbeddingConfig;
import dev.mosaic.adapters.out.embeddings.OllamaEmbeddingModel;
import dev.mosaic.adapters.out.embeddings.OnnxEmbeddingModel;
import dev.mosaic.adapters.out.embeddings.OpenAiCompatibleEmbeddingModel;
import dev.mosaic.adapters.out.embeddings.OpenAiEmbeddingConfig;
import dev.mosaic.application.port.out.embedding.EmbeddingModel;
import okhttp3.OkHttpClient;

/** The embedding model the settings choose. */
final class EmbeddingModels {
    private EmbeddingModels() {}

    static EmbeddingModel of(GatewaySettings.Embeddings settings, OkHttpClient http) {
        return switch (settings.provider()) {
            case "ollama" -> new OllamaEmbeddingModel(new OllamaEmbeddingConfig(settings.url(), settings.model(),
                    settings.dimensions(), settings.timeout()), http);
            case "openai" -> new OpenAiCompatibleEmbeddingModel(new OpenAiEmbeddingConfig(settings.url(),
                    settings.apiKey(), settings.model(), settings.dimensions(), settings.timeout()), http);
            default -> new OnnxEmbeddingModel();
        };
    }
}
