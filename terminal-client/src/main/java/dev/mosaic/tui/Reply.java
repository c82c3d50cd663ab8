package dev.mosaic.tui;

import java.util.List;

/**
 * A finished reply, assembled from its deltas and {@code message:end}. When the model used tools,
 * the reply is the whole exchange: every message up to the last {@code message:end}, which is the
 * one that does not continue.
 *
 * @param requestId the id {@link ChatSession} gave the {@code message:send}
 * @param messageId the exchange's last message
 * @param status {@code complete} or {@code partial}
 * @param stopReason why the model stopped ({@code end_turn}, {@code max_tokens}, {@code aborted}, …)
 * @param text the answer's text deltas joined, each message after a tool call on a new line
 * @param thinking the thinking deltas joined (empty when the model showed none)
 * @param toolCalls the tool calls of all the exchange's messages
 * @param usage the tokens of all its messages
 * @param timing the first message's time to first token, and the time all its messages took (tools not counted)
 * @param error why the reply is partial ({@code tool_step_limit} when the agent's step limit stopped
 *     the exchange); {@code null} when complete
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
