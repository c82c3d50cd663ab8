package dev.mosaic.tui;

/** The result of a tool call, as stored in a conversation. */
public record ToolResult(String toolCallId, String content, boolean isError) {}
