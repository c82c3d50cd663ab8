package dev.mosaic.tui;

import java.util.List;

/**
 * A finished reply, assembled from its deltas and {@code message:end}.
 *
 * @param requestId the id {@link ChatSession} gave the {@code message:send}
 * @param status {@code complete} or {@code partial}
 * @param stopReason why the model stopped ({@code end_turn}, {@code max_tokens}, {@code aborted}, …)
 * @param text the answer's text deltas joined
 * @param thinking the thinking deltas joined (empty when the model showed none)
 * @param error why the reply is partial; {@code null} when complete
 * @param sessionInfo which model answered and why ({@code session:info}); {@code null} if the gateway sent none
 */
public record Reply(String requestId, String conversationId, String messageId, String provider, String model,
        String status, String stopReason, String text, String thinking, List<ToolCall> toolCalls, Usage usage,
        Timing timing, GatewayError error, ServerFrame.SessionInfo sessionInfo) {

    public Reply {
        toolCalls = List.copyOf(toolCalls);
    }

    public boolean isPartial() {
        return !"complete".equals(status);
    }

    /** Whether the built-in provider simulator wrote this reply. */
    public boolean simulated() {
        return sessionInfo != null && sessionInfo.simulated();
    }
}
