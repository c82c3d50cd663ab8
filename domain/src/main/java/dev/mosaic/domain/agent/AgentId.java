package dev.mosaic.domain.agent;

import java.util.Objects;
import java.util.UUID;

public record AgentId(UUID value) {
    public AgentId {
        Objects.requireNonNull(value, "agent id");
    }

    public static AgentId random() {
        return new AgentId(UUID.randomUUID());
    }

    /** Parses a client-supplied id; an ill-formed one is reported as an {@link IllegalArgumentException}. */
    public static AgentId parse(String text) {
        return new AgentId(UUID.fromString(text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
