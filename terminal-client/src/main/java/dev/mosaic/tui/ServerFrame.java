package dev.mosaic.tui;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A frame from the gateway, as {@link Frames#parse} reads it. Text fields the gateway left out are
 * {@code null}. Frames of a type this client does not know become {@link Unknown}, and text that is
 * not a frame at all becomes {@link Malformed}, so that parsing never throws.
 */
public sealed interface ServerFrame {

    record Ready(int protocolVersion, String userId, int maxFrameBytes) implements ServerFrame {}

    /**
     * Which model answers the message just sent, and why.
     *
     * @param routing the routing decision in brief; null when the gateway sent none (e.g. after {@code /model})
     * @param agent the agent whose prompt and tools apply; null when the gateway named none
     */
    record SessionInfo(String conversationId, String provider, String model, String reason, boolean simulated,
            int contextWindow, Routing routing, Agent agent) implements ServerFrame {
        public SessionInfo(String conversationId, String provider, String model, String reason, boolean simulated,
                int contextWindow) {
            this(conversationId, provider, model, reason, simulated, contextWindow, null, null);
        }

        public SessionInfo(String conversationId, String provider, String model, String reason, boolean simulated,
                int contextWindow, Routing routing) {
            this(conversationId, provider, model, reason, simulated, contextWindow, routing, null);
        }
    }

    /** An agent as {@code session:info} names it; {@code version} is 0 when not said. */
    record Agent(String id, String name, int version) {}

    /**
     * What routing made of a message and what chose its model.
     *
     * @param rule the rule's name; null when a pin chose or no rule matched
     * @param passedOver how many models could not answer before the one that did
     */
    record Routing(String taskType, String complexity, double confidence, String rule, boolean pinned, int passedOver) {}

    /** The model writing the reply failed mid-answer; {@code to} goes on from where it stopped. */
    record RoutingFailover(String conversationId, String messageId, String from, String to, String cause)
            implements ServerFrame {}

    /** The user's message is durably stored; {@code text} is what was sent (null from a gateway that does not say). */
    record MessageStored(String conversationId, String messageId, String requestId, String text) implements ServerFrame {
        MessageStored(String conversationId, String messageId, String requestId) {
            this(conversationId, messageId, requestId, null);
        }
    }

    record MessageStart(String conversationId, String messageId, String provider, String model)
            implements ServerFrame {}

    /**
     * A piece of the reply. For {@link DeltaKind#TOOL_CALL} the text is a fragment of the call's JSON
     * arguments; {@code toolCallId} and {@code toolName} are set on a call's first delta only.
     */
    record MessageDelta(String conversationId, String messageId, DeltaKind kind, String text, int toolCallIndex,
            String toolCallId, String toolName) implements ServerFrame {}

    /**
     * The conversation no longer fit the model's window, so its oldest {@code messagesCovered}
     * messages are now a checkpoint summary ({@code summarized}) or, when the summarizer failed, left
     * out of the context. Comes before the reply's {@code message:start}; stored messages stay as they are.
     */
    record ContextCompacted(String conversationId, boolean summarized, int messagesCovered, long tokensBefore,
            long tokensAfter, int contextWindow, String summarizerModel, String note) implements ServerFrame {}

    /**
     * A message is finished and stored; {@code error} is set when {@code status} is {@code partial}.
     *
     * @param continues the model asked for tools: their results go back to it and another
     *     {@code message:start} follows, so the exchange is not over yet
     */
    record MessageEnd(String conversationId, String messageId, String status, String stopReason, String provider,
            String model, Usage usage, Timing timing, GatewayError error, boolean continues) implements ServerFrame {}

    /**
     * A tool starts running for the model.
     *
     * @param arguments the model's JSON arguments, as text
     * @param runsOn {@code gateway} or {@code client}
     */
    record ToolStart(String conversationId, String messageId, String callId, String name, String arguments,
            String runsOn) implements ServerFrame {}

    /** A tool finished; {@code summary} is the start of its result, {@code duration} null when not said. */
    record ToolEnd(String conversationId, String callId, String name, boolean isError, String summary,
            Duration duration) implements ServerFrame {}

    /** {@code tool:call}: the gateway asks this client to run a tool it offered; {@code arguments} is JSON text. */
    record ToolRequest(String conversationId, String callId, String name, String arguments) implements ServerFrame {}

    /** The answer to {@code tools:offer}: which tools the gateway took, and why it refused the others. */
    record ToolsOffered(List<String> accepted, List<Refusal> refused) implements ServerFrame {
        public ToolsOffered {
            accepted = List.copyOf(accepted);
            refused = List.copyOf(refused);
        }
    }

    record Refusal(String name, String reason) {}

    /**
     * What the model is told it remembers of the user for this answer.
     *
     * @param unavailable why no insights were looked for; null when they were
     */
    record ContextMemory(String conversationId, List<String> preferences, List<String> insights, String unavailable)
            implements ServerFrame {
        public ContextMemory {
            preferences = List.copyOf(preferences);
            insights = List.copyOf(insights);
        }
    }

    record History(String conversationId, String title, boolean replyInProgress, List<StoredMessage> messages)
            implements ServerFrame {
        public History {
            messages = List.copyOf(messages);
        }
    }

    /** A slash command's answer: {@code text} for people, {@code data} the same facts for programs. */
    /** @param data the facts as the gateway sent them; a fact may be null (unknown, or none) */
    record CommandResult(String command, String text, Map<String, Object> data) implements ServerFrame {
        public CommandResult {
            data = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(data));
        }
    }

    record Pong() implements ServerFrame {}

    /** {@code error}; {@code requestId} and {@code conversationId} are set when it is about one. */
    record Error(GatewayError error, String requestId, String conversationId) implements ServerFrame {}

    /** A well-formed frame of a type this client does not know; the protocol lets gateways add types. */
    record Unknown(String type, JsonNode frame) implements ServerFrame {}

    /** Text that is not a frame: not JSON, not an object, or without a string {@code type}. */
    record Malformed(String text, String problem) implements ServerFrame {}

    enum DeltaKind {
        TEXT, THINKING, TOOL_CALL,
        /** A kind added to the protocol after this client was written. */
        OTHER
    }
}
