package dev.mosaic.application.tool;

import java.util.Objects;

/** What a tool call gives back to the model: its output, or an error the model may recover from. */
public record ToolOutput(String content, boolean isError) {
    public ToolOutput {
        Objects.requireNonNull(content, "content");
    }

    public static ToolOutput ok(String content) {
        return new ToolOutput(content, false);
    }

    public static ToolOutput error(String message) {
        return new ToolOutput(message, true);
    }
}
