package dev.mosaic.application.port.out.embedding;

import java.util.List;

/** Turns text into vectors. */
public interface EmbeddingModel {

    /** The model's name, as stored beside every vector it makes. */
    String model();

    int dimensions();

    /**
     * One embedding per text, in order.
     *
     * @throws EmbeddingException when the model cannot be reached or answers with something unusable
     */
    List<Embedding> embed(List<String> texts);

    final class EmbeddingException extends RuntimeException {
        public EmbeddingException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
