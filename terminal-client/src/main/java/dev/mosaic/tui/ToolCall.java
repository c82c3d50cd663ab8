package dev.mosaic.tui;

/** A tool call the model made; {@code arguments} is JSON text, exactly as the model wrote it. */
public record ToolCall(String id, String name, String arguments) {}
