package dev.mosaic.application.tool;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A tool offered to a model: its name, what it does (the model reads this to decide when to call
 * it) and the JSON schema of its arguments, as JSON text; each adapter sends it in its provider's
 * shape.
 */
public record ToolSpec(String name, String description, String parametersSchema) {
    /** What every provider takes as a tool's name; a client's own tools (see {@code declaredTools}) use all of it. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    public ToolSpec {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a tool name is 1-64 letters, digits, '_' or '-': " + name);
        }
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(parametersSchema, "parametersSchema");
        if (!parametersSchema.strip().startsWith("{")) {
            throw new IllegalArgumentException("a tool's parameters schema is a JSON object");
        }
    }
}
