package dev.mosaic.application.event;

import dev.mosaic.domain.agent.AgentRef;
import dev.mosaic.domain.conversation.ConversationId;
import dev.mosaic.domain.conversation.Message;
import dev.mosaic.domain.conversation.MessageId;
import dev.mosaic.domain.routing.RouteTarget;
import dev.mosaic.domain.routing.RoutingDecision;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What happens in a conversation while a reply is produced, in the order it happens.
 */
public sealed interface ConversationEvent {

    ConversationId conversationId();

    /**
     * Which model will answer and why. Sent again when another model takes over before the first token.
     *
     * @param routing the whole routing decision; {@code reason} is its one-line summary
     */
    record SessionInfo(ConversationId conversationId, String provider, String model, String reason,
            boolean simulated, int contextWindow, RoutingDecision routing, AgentRef agent) implements ConversationEvent {}

    /**
     * The model writing the reply failed after part of it reached the user; another model goes on
     * from there, in the same message.
     */
    record RoutingFailover(ConversationId conversationId, MessageId messageId, RouteTarget from, RouteTarget to,
            String cause) implements ConversationEvent {}

    /** The user's message is durably stored. */
    record MessageStored(ConversationId conversationId, Message message, String requestId) implements ConversationEvent {}

    record ReplyStarted(ConversationId conversationId, MessageId messageId, String provider, String model)
            implements ConversationEvent {}

    /**
     * A piece of the reply. For {@link DeltaKind#TOOL_CALL} the text is a fragment of the arguments,
     * and the first fragment of a call carries its id and name.
     */
    record ReplyDelta(ConversationId conversationId, MessageId messageId, DeltaKind kind, String text,
            int toolCallIndex, String toolCallId, String toolName) implements ConversationEvent {
        public ReplyDelta {
            Objects.requireNonNull(kind, "kind");
            text = text == null ? "" : text;
        }
    }

    /**
     * The reply is over and stored; the message says how it ended.
     *
     * @param continues the model asked for tools: their results go back to it and another reply follows
     */
    record ReplyEnded(ConversationId conversationId, Message message, boolean continues) implements ConversationEvent {}

    /**
     * A tool call the model made is being run.
     *
     * @param messageId the message that asked for it
     * @param onClient whether the client runs it, rather than the gateway
     */
    record ToolStarted(ConversationId conversationId, MessageId messageId, String callId, String name, String arguments,
            boolean onClient) implements ConversationEvent {}

    /** A tool call ended; {@code summary} is the start of its result. */
    record ToolEnded(ConversationId conversationId, String callId, String name, boolean isError, String summary,
            Duration took) implements ConversationEvent {}

    /**
     * What the model is told of the user's memory for this answer, so the user can see why it knows
     * something: the preferences given (by key) and the insights given, most relevant first.
     *
     * @param unavailable why no insights could be looked for (the embedding model failed or was slow); null when they were
     */
    record MemoryRecalled(ConversationId conversationId, List<String> preferences, List<RecalledInsight> insights,
            String unavailable) implements ConversationEvent {
        public MemoryRecalled {
            preferences = List.copyOf(preferences);
            insights = List.copyOf(insights);
        }
    }

    /** An insight given to the model, and how similar it is to the message (cosine, 0 to 1). */
    record RecalledInsight(String id, String text, double similarity) {}

    /** The agent's step limit stopped the tool loop; the exchange ended without the model's last word. */
    record ToolStepLimitReached(ConversationId conversationId, int limit) implements ConversationEvent {}

    /**
     * The conversation no longer fit the model's window, so its oldest messages were replaced in the
     * context: by a new checkpoint summary ({@code summarized}), or, when the summarizer failed, simply
     * left out. The stored messages are untouched either way.
     */
    record ContextCompacted(ConversationId conversationId, boolean summarized, int messagesCovered, long tokensBefore,
            long tokensAfter, int contextWindow, String summarizerModel, String note) implements ConversationEvent {}

    enum DeltaKind {
        TEXT,
        THINKING,
        TOOL_CALL
    }
}
