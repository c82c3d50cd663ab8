package dev.mosaic.bootstrap;

import dev.mosaic.adapters.out.embeddings.OllamaEmbeddingConfig;
import dev.mosaic.adapters.out.embeddings.OllamaEmbeddingModel;
import dev.mosaic.adapters.out.embeddings.OnnxEmbeddingModel;
import dev.mosaic.adapters.out.embeddings.OpenAiCompatibleEmbeddingModel;
import dev.mosaic.adapters.out.embeddings.OpenAiEmbeddingConfig;
import dev.mosaic.application.port.out.embedding.EmbeddingModel;
import java.util.Objects;
import java.util.Optional;
import okhttp3.OkHttpClient;

/** The embedding models the settings choose: the active one, and the one used before it. */
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

    /** The model used before the active one, when one is configured and it is another. */
    static Optional<EmbeddingModel> previous(GatewaySettings.Memory memory, OkHttpClient http) {
        GatewaySettings.Embeddings before = memory.previousEmbeddings();
        GatewaySettings.Embeddings now = memory.embeddings();
        boolean same = before != null && before.provider().equals(now.provider()) && Objects.equals(before.url(), now.url())
                && Objects.equals(before.model(), now.model()) && before.dimensions() == now.dimensions();
        return before == null || same ? Optional.empty() : Optional.of(of(before, http));
    }
}
