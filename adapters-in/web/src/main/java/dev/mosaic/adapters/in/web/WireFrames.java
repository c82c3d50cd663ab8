package dev.mosaic.adapters.in.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.JsonNode;
import dev.mosaic.domain.agent.AgentRef;
import dev.mosaic.domain.conversation.ContentBlock;
import dev.mosaic.domain.conversation.Generation;
import dev.mosaic.domain.conversation.Message;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The gateway's frames as docs/protocol/websocket.md shows them. Components are written in the order
 * declared, a null as {@code null} unless marked to be left out; each frame's {@code type} comes first.
 */
final class WireFrames {
    private WireFrames() {}

    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
    sealed interface Frame {}

    @JsonTypeName("ready")
    record Ready(int protocolVersion, String userId, int maxFrameBytes) implements Frame {}

    @JsonTypeName("pong")
    record Pong() implements Frame {}

    /** Also the body of every REST error answer. */
    @JsonTypeName("error")
    record Error(String code, String message, @JsonInclude(JsonInclude.Include.NON_NULL) String field,
            @JsonInclude(JsonInclude.Include.NON_NULL) String requestId,
            @JsonInclude(JsonInclude.Include.NON_NULL) String conversationId) implements Frame {}

    @JsonTypeName("command:result")
    record CommandResult(String command, String text, JsonNode data) implements Frame {}

    @JsonTypeName("conversation:history")
    record History(String conversationId, String title, boolean replyInProgress, List<MessageBody> messages)
            implements Frame {}

    @JsonTypeName("session:info")
    record SessionInfo(String conversationId, String provider, String model, AgentBody agent, String reason,
            boolean simulated, int contextWindow, @JsonInclude(JsonInclude.Include.NON_NULL) JsonNode routing)
            implements Frame {}

    /** Which agent (and version) a reply is written as. */
    record AgentBody(String id, String name, int version) {
        static AgentBody of(AgentRef agent) {
            return agent == null ? null : new AgentBody(agent.id().toString(), agent.name(), agent.version());
        }
    }

    @JsonTypeName("context:memory")
    record ContextMemory(String conversationId, List<String> preferences, List<RecalledInsight> insights,
            @JsonInclude(JsonInclude.Include.NON_NULL) String unavailable) implements Frame {}

    record RecalledInsight(String id, String text, double similarity) {}

    @JsonTypeName("tool:start")
    record ToolStart(String conversationId, String messageId, String callId, String name, String arguments, String runsOn)
            implements Frame {}

    @JsonTypeName("tool:end")
    record ToolEnd(String conversationId, String callId, String name, @JsonProperty("isError") boolean isError,
            String summary, long durationMs) implements Frame {}

    @JsonTypeName("tool:call")
    record ToolCallRequest(String conversationId, String callId, String name, String arguments) implements Frame {}

    @JsonTypeName("tools:offered")
    record ToolsOffered(List<String> accepted, List<Refusal> refused) implements Frame {}

    record Refusal(String name, String reason) {}

    @JsonTypeName("routing:failover")
    record RoutingFailover(String conversationId, String messageId, String from, String to, String cause)
            implements Frame {}

    /** {@code text} is the user's message, for the clients that watch the conversation but did not send it. */
    @JsonTypeName("message:stored")
    record MessageStored(String conversationId, String messageId, String text,
            @JsonInclude(JsonInclude.Include.NON_NULL) String requestId) implements Frame {}

    @JsonTypeName("message:start")
    record MessageStart(String conversationId, String messageId, String provider, String model) implements Frame {}

    /** {@code toolCallIndex} only for a tool call's deltas, the call's id and name only on its first. */
    @JsonTypeName("message:delta")
    record MessageDelta(String conversationId, String messageId, String kind, String text,
            @JsonInclude(JsonInclude.Include.NON_NULL) Integer toolCallIndex, @JsonUnwrapped ToolCallStart start)
            implements Frame {}

    record ToolCallStart(String toolCallId, String toolName) {}

    @JsonTypeName("context:compacted")
    record ContextCompacted(String conversationId, boolean summarized, int messagesCovered, long tokensBefore,
            long tokensAfter, int contextWindow, String summarizerModel, String note) implements Frame {}

    @JsonTypeName("message:end")
    record MessageEnd(String conversationId, String messageId, boolean continues, String status,
            @JsonUnwrapped GenerationBody generation) implements Frame {}

    /** A stored message, in a history frame and in {@code GET /api/conversations/{id}}. */
    record MessageBody(String id, String role, String status, String createdAt, List<Content> content,
            @JsonUnwrapped GenerationBody generation) {

        static MessageBody of(Message message) {
            return new MessageBody(message.id().toString(), lowerCase(message.role()), lowerCase(message.status()),
                    message.createdAt().toString(), message.content().stream().map(Content::of).toList(),
                    GenerationBody.of(message.generation()));
        }
    }

    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
    sealed interface Content {
        static Content of(ContentBlock block) {
            return switch (block) {
                case ContentBlock.Text text -> new Text(text.text());
                case ContentBlock.Thinking thinking -> new Thinking(thinking.text());
                case ContentBlock.ToolCall call -> new ToolCall(call.id(), call.name(), call.argumentsJson());
                case ContentBlock.ToolResult result ->
                        new ToolResult(result.toolCallId(), result.content(), result.isError());
            };
        }
    }

    @JsonTypeName("text")
    record Text(String text) implements Content {}

    /** The signature is for sending the block back to its provider, not for clients. */
    @JsonTypeName("thinking")
    record Thinking(String text) implements Content {}

    @JsonTypeName("tool_call")
    record ToolCall(String id, String name, String arguments) implements Content {}

    @JsonTypeName("tool_result")
    record ToolResult(String toolCallId, String content, @JsonProperty("isError") boolean isError) implements Content {}

    /** How a reply was produced: part of its message, not an object of its own on the wire. */
    record GenerationBody(String provider, String model, @JsonInclude(JsonInclude.Include.NON_NULL) String stopReason,
            UsageBody usage, BigDecimal costUsd, Timing timing,
            @JsonInclude(JsonInclude.Include.NON_NULL) ErrorBody error,
            @JsonInclude(JsonInclude.Include.NON_NULL) AgentBody agent) {

        /** Null (nothing written) for a message that no model generated. */
        static GenerationBody of(Generation generation) {
            if (generation == null) {
                return null;
            }
            var usage = generation.usage();
            return new GenerationBody(generation.provider(), generation.model(),
                    generation.stopReason() == null ? null : generation.stopReason().wireName(),
                    new UsageBody(usage.inputTokens(), usage.outputTokens(), usage.cachedInputTokens(), usage.estimated()),
                    generation.costUsd(),
                    new Timing(millis(generation.timeToFirstToken()), millis(generation.duration())),
                    generation.errorIfAny().map(e -> new ErrorBody(e.code(), e.message())).orElse(null),
                    AgentBody.of(generation.agent()));
        }
    }

    record UsageBody(long inputTokens, long outputTokens, long cachedInputTokens, boolean estimated) {}

    /** Null until known: no first token yet, or still streaming. */
    record Timing(Long timeToFirstTokenMs, Long durationMs) {}

    record ErrorBody(String code, String message) {}

    private static Long millis(Duration duration) {
        return duration == null ? null : duration.toMillis();
    }

    static String lowerCase(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
