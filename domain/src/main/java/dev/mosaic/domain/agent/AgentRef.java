package dev.mosaic.domain.agent;

import java.util.Objects;

/** One version of one agent: what an assistant message records as having produced it. */
public record AgentRef(AgentId id, String name, int version) {
    public AgentRef {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        if (version < 1) {
            throw new IllegalArgumentException("agent versions start at 1");
        }
    }

    @Override
    public String toString() {
        return name + " v" + version;
    }
}
