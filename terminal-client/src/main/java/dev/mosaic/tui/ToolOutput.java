package dev.mosaic.tui;

import java.util.Objects;

/** What a client tool answers: its result for the model, or why it failed ({@code isError}). */
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
