package dev.mosaic.application.port.out.embedding;

import java.util.Objects;

/**
 * The vectors of one model at one size: only vectors of the same space are compared (see
 * {@link EmbeddingVectors}).
 */
public record VectorSpace(String model, int dimensions) {
    public VectorSpace {
        Objects.requireNonNull(model, "model");
        if (model.isBlank() || dimensions < 1) {
            throw new IllegalArgumentException("a vector space has a model and at least one dimension");
        }
    }

    public static VectorSpace of(EmbeddingModel model) {
        return new VectorSpace(model.model(), model.dimensions());
    }

    @Override
    public String toString() {
        return model + " (" + dimensions + " dimensions)";
    }
}
