package dev.mosaic.application.port.out.embedding;

import java.util.Objects;

/**
 * A vector and the model that made it.
 *
 * @param model e.g. {@code bge-small-en-v1.5} or {@code ollama/nomic-embed-text}
 */
public record Embedding(String model, float[] vector) {
    public Embedding {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(vector, "vector");
        if (vector.length == 0) {
            throw new IllegalArgumentException("an embedding has at least one dimension");
        }
        vector = vector.clone();
    }

    @Override
    public float[] vector() {
        return vector.clone();
    }

    public int dimensions() {
        return vector.length;
    }

    public VectorSpace space() {
        return new VectorSpace(model, vector.length);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Embedding that && model.equals(that.model) && java.util.Arrays.equals(vector, that.vector);
    }

    @Override
    public int hashCode() {
        return 31 * model.hashCode() + java.util.Arrays.hashCode(vector);
    }

    @Override
    public String toString() {
        return "Embedding[model=" + model + ", dimensions=" + vector.length + "]";
    }
}
