package dev.mosaic.adapters.in.web;

import dev.mosaic.domain.routing.DecisionTree;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mosaic.application.Rejection;
import dev.mosaic.application.event.ConversationEvent;
import dev.mosaic.application.port.in.CommandResult;
import dev.mosaic.application.port.in.ConversationView;
import dev.mosaic.domain.conversation.ContentBlock;
import dev.mosaic.domain.conversation.ConversationId;
import dev.mosaic.domain.conversation.Generation;
import dev.mosaic.domain.conversation.Message;
import dev.mosaic.domain.user.UserId;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Locale;

/** Builds the gateway's frames (docs/protocol/websocket.md) and the JSON bodies of the REST API. */
final class ServerFrames {
    static final int PROTOCOL_VERSION = 1;

    private final ObjectMapper json;

    ServerFrames(ObjectMapper json) {
        this.json = json;
    }

    ObjectMapper json() {
        return json;
    }

    String ready(UserId user, int maxFrameBytes) {
        return write(frame("ready").put("protocolVersion", PROTOCOL_VERSION).put("userId", user.toString())
                .put("maxFrameBytes", maxFrameBytes));
    }

    String pong() {
        return write(frame("pong"));
    }

    String error(Rejection rejection, String requestId, ConversationId conversation) {
        return write(errorNode(rejection, requestId, conversation));
    }

    ObjectNode errorNode(Rejection rejection, String requestId, ConversationId conversation) {
        ObjectNode node = frame("error").put("code", rejection.code().wireName()).put("message", rejection.message());
        if (rejection.field() != null) {
            node.put("field", rejection.field());
        }
        if (requestId != null) {
            node.put("requestId", requestId);
        }
        if (conversation != null) {
            node.put("conversationId", conversation.toString());
        }
        return node;
    }

    String commandResult(CommandResult result) {
        ObjectNode node = frame("command:result").put("command", result.command()).put("text", result.text());
        node.set("data", json.valueToTree(result.data()));
        return write(node);
    }

    String history(ConversationView view) {
        return write(conversation(frame("conversation:history"), view));
    }

    ObjectNode conversation(ObjectNode node, ConversationView view) {
        node.put("conversationId", view.conversation().id().toString())
                .put("title", view.conversation().title())
                .put("replyInProgress", view.replyInProgress());
        ArrayNode messages = node.putArray("messages");
        view.messages().forEach(m -> messages.add(message(m)));
        return node;
    }

    String event(ConversationEvent event) {
        if (event instanceof ConversationEvent.ReplyDelta delta && delta.kind() != ConversationEvent.DeltaKind.TOOL_CALL) {
            return textDelta(delta);
        }
        return write(switch (event) {
            case ConversationEvent.SessionInfo info -> {
                ObjectNode node = frame("session:info")
                        .put("conversationId", info.conversationId().toString())
                        .put("provider", info.provider()).put("model", info.model()).put("reason", info.reason())
                        .put("simulated", info.simulated()).put("contextWindow", info.contextWindow());
                if (info.routing() != null) {
                    node.set("routing", tree(DecisionTree.write(info.routing())));
                }
                yield node;
            }
            case ConversationEvent.RoutingFailover failover -> frame("routing:failover")
                    .put("conversationId", failover.conversationId().toString())
                    .put("messageId", failover.messageId().toString())
                    .put("from", failover.from().toString()).put("to", failover.to().toString())
                    .put("cause", failover.cause());
            case ConversationEvent.MessageStored stored -> {
                ObjectNode node = frame("message:stored").put("conversationId", stored.conversationId().toString())
                        .put("messageId", stored.message().id().toString());
                if (stored.requestId() != null) {
                    node.put("requestId", stored.requestId());
                }
                yield node;
            }
            case ConversationEvent.ReplyStarted started -> frame("message:start")
                    .put("conversationId", started.conversationId().toString())
                    .put("messageId", started.messageId().toString())
                    .put("provider", started.provider()).put("model", started.model());
            case ConversationEvent.ReplyDelta delta -> {
                ObjectNode node = frame("message:delta").put("conversationId", delta.conversationId().toString())
                        .put("messageId", delta.messageId().toString())
                        .put("kind", delta.kind().name().toLowerCase(Locale.ROOT)).put("text", delta.text());
                if (delta.kind() == ConversationEvent.DeltaKind.TOOL_CALL) {
                    node.put("toolCallIndex", delta.toolCallIndex());
                    if (delta.toolCallId() != null) {
                        node.put("toolCallId", delta.toolCallId()).put("toolName", delta.toolName());
                    }
                }
                yield node;
            }
            case ConversationEvent.ContextCompacted compacted -> frame("context:compacted")
                    .put("conversationId", compacted.conversationId().toString())
                    .put("summarized", compacted.summarized()).put("messagesCovered", compacted.messagesCovered())
                    .put("tokensBefore", compacted.tokensBefore()).put("tokensAfter", compacted.tokensAfter())
                    .put("contextWindow", compacted.contextWindow()).put("summarizerModel", compacted.summarizerModel())
                    .put("note", compacted.note());
            case ConversationEvent.ReplyEnded ended -> {
                ObjectNode node = frame("message:end").put("conversationId", ended.conversationId().toString())
                        .put("messageId", ended.message().id().toString())
                        .put("status", ended.message().status().name().toLowerCase(Locale.ROOT));
                generation(node, ended.message().generation());
                yield node;
            }
        });
    }

    /** A domain tree (maps, lists, strings, numbers, booleans) as JSON. */
    com.fasterxml.jackson.databind.JsonNode tree(Object tree) {
        return json.valueToTree(tree);
    }

    ObjectNode message(Message message) {
        ObjectNode node = json.createObjectNode()
                .put("id", message.id().toString())
                .put("role", message.role().name().toLowerCase(Locale.ROOT))
                .put("status", message.status().name().toLowerCase(Locale.ROOT))
                .put("createdAt", message.createdAt().toString());
        ArrayNode content = node.putArray("content");
        for (ContentBlock block : message.content()) {
            content.add(switch (block) {
                case ContentBlock.Text text -> json.createObjectNode().put("type", "text").put("text", text.text());
                case ContentBlock.Thinking thinking ->
                        json.createObjectNode().put("type", "thinking").put("text", thinking.text());
                case ContentBlock.ToolCall call -> json.createObjectNode().put("type", "tool_call").put("id", call.id())
                        .put("name", call.name()).put("arguments", call.argumentsJson());
                case ContentBlock.ToolResult result -> json.createObjectNode().put("type", "tool_result")
                        .put("toolCallId", result.toolCallId()).put("content", result.content())
                        .put("isError", result.isError());
            });
        }
        if (message.generation() != null) {
            generation(node, message.generation());
        }
        return node;
    }

    private void generation(ObjectNode node, Generation generation) {
        node.put("provider", generation.provider()).put("model", generation.model());
        if (generation.stopReason() != null) {
            node.put("stopReason", generation.stopReason().wireName());
        }
        node.putObject("usage")
                .put("inputTokens", generation.usage().inputTokens())
                .put("outputTokens", generation.usage().outputTokens())
                .put("cachedInputTokens", generation.usage().cachedInputTokens())
                .put("estimated", generation.usage().estimated());
        node.put("costUsd", generation.costUsd());
        ObjectNode timing = node.putObject("timing");
        putMillis(timing, "timeToFirstTokenMs", generation.timeToFirstToken());
        putMillis(timing, "durationMs", generation.duration());
        generation.errorIfAny().ifPresent(error ->
                node.putObject("error").put("code", error.code()).put("message", error.message()));
    }

    private static void putMillis(ObjectNode node, String field, Duration duration) {
        if (duration == null) {
            node.putNull(field);
        } else {
            node.put(field, duration.toMillis());
        }
    }

    /**
     * The frame of a piece of text or reasoning, written straight out: a reply sends one per delta,
     * and building a tree for each cost more than the rest of the relay.
     */
    private String textDelta(ConversationEvent.ReplyDelta delta) {
        StringWriter out = new StringWriter(128 + delta.text().length());
        try (JsonGenerator frame = json.getFactory().createGenerator(out)) {
            frame.writeStartObject();
            frame.writeStringField("type", "message:delta");
            frame.writeStringField("conversationId", delta.conversationId().toString());
            frame.writeStringField("messageId", delta.messageId().toString());
            frame.writeStringField("kind", delta.kind().name().toLowerCase(Locale.ROOT));
            frame.writeStringField("text", delta.text());
            frame.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private ObjectNode frame(String type) {
        return json.createObjectNode().put("type", type);
    }

    String write(ObjectNode node) {
        try {
            return json.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
