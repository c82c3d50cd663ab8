package dev.mosaic.domain.memory;

import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

public record InsightId(UUID value) {
    public InsightId {
        Objects.requireNonNull(value, "insight id");
    }

    public static InsightId random() {
        return new InsightId(UUID.randomUUID());
    }

    /** The id written as text, or empty when the text is not one. */
    public static Optional<InsightId> parse(String text) {
        try {
            return Optional.of(new InsightId(UUID.fromString(text)));
        } catch (IllegalArgumentException | NullPointerException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
