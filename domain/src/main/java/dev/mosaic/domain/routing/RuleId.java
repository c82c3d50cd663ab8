package dev.mosaic.domain.routing;

import java.util.Objects;
import java.util.UUID;

public record RuleId(UUID value) {
    public RuleId {
        Objects.requireNonNull(value, "value");
    }

    public static RuleId random() {
        return new RuleId(UUID.randomUUID());
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
