package dev.mosaic.application.job;

import java.util.Objects;
import java.util.UUID;

public record JobId(UUID value) {
    public JobId {
        Objects.requireNonNull(value, "value");
    }

    public static JobId random() {
        return new JobId(UUID.randomUUID());
    }

    /** The id in {@code text}, or empty when it is not one. */
    public static java.util.Optional<JobId> parse(String text) {
        try {
            return java.util.Optional.of(new JobId(UUID.fromString(text)));
        } catch (IllegalArgumentException | NullPointerException e) {
            return java.util.Optional.empty();
        }
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
