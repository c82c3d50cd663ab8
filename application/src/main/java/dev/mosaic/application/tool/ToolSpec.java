package dev.mosaic.application.tool;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A tool offered to a model: its name, what it does (the model reads this to decide when to call
 * it) and the JSON schema of its arguments, as JSON text; each adapter sends it in its provider's
 * shape.
 */
public record ToolSpec(String name, String description, String parametersSchema) {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");

    public ToolSpec {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a tool name is 1-64 lower-case letters, digits or '_': " + name);
        }
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(parametersSchema, "parametersSchema");
        if (!parametersSchema.strip().startsWith("{")) {
            throw new IllegalArgumentException("a tool's parameters schema is a JSON object");
        }
    }
}
