package dev.mosaic.tui;

import java.time.Instant;
import java.util.List;

/**
 * One message of a conversation as {@code conversation:history} returns it. {@code text} and
 * {@code thinking} join the message's blocks of that kind. The fields from {@code provider} on are
 * set on assistant messages only ({@code null}, or {@link Usage#NONE} and {@link Timing#NONE},
 * otherwise); {@code error} is set on partial replies.
 */
public record StoredMessage(String id, String role, String status, Instant createdAt, String text, String thinking,
        List<ToolCall> toolCalls, List<ToolResult> toolResults, String provider, String model, String stopReason,
        Usage usage, Timing timing, GatewayError error) {

    public StoredMessage {
        toolCalls = List.copyOf(toolCalls);
        toolResults = List.copyOf(toolResults);
    }

    public boolean isPartial() {
        return "partial".equals(status);
    }
}
