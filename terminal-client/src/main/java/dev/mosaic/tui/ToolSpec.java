package dev.mosaic.tui;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * A tool this client offers the gateway ({@code tools:offer}): its name, what it does (the model
 * reads this to decide when to call it) and its arguments as a JSON schema object.
 */
public record ToolSpec(String name, String description, JsonNode parameters) {
    public ToolSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(parameters, "parameters");
    }
}
