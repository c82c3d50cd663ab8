package dev.mosaic.tui;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The protocol's JSON: writes {@link ClientFrame}s and reads {@link ServerFrame}s. Reading is
 * lenient, as the protocol asks: unknown fields are ignored, a missing or mistyped field reads as
 * absent, and nothing throws.
 */
public final class Frames {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    private Frames() {}

    public static String write(ClientFrame frame) {
        ObjectNode node = switch (frame) {
            case ClientFrame.Send send -> putIfSet(putIfSet(frame("message:send").put("text", send.text()),
                    "conversationId", send.conversationId()), "requestId", send.requestId());
            case ClientFrame.Abort abort -> frame("message:abort").put("conversationId", abort.conversationId());
            case ClientFrame.Open open -> frame("conversation:open").put("conversationId", open.conversationId());
            case ClientFrame.Command command -> putIfSet(frame("command:execute").put("command", command.command()),
                    "conversationId", command.conversationId());
            case ClientFrame.OfferTools offer -> {
                ObjectNode offering = frame("tools:offer");
                ArrayNode tools = offering.putArray("tools");
                offer.tools().forEach(tool -> tools.addObject().put("name", tool.name())
                        .put("description", tool.description()).set("parameters", tool.parameters()));
                yield offering;
            }
            case ClientFrame.ToolAnswer answer -> {
                ObjectNode result = frame("tool:result").put("callId", answer.callId()).put("content", answer.content());
                yield answer.isError() ? result.put("isError", true) : result;
            }
            case ClientFrame.Ping ignored -> frame("ping");
        };
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ServerFrame parse(String text) {
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return new ServerFrame.Malformed(text, "not JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            return new ServerFrame.Malformed(text, "not a JSON object");
        }
        if (!node.path("type").isTextual()) {
            return new ServerFrame.Malformed(text, "no string field 'type'");
        }
        String type = node.get("type").asText();
        return switch (type) {
            case "ready" -> new ServerFrame.Ready(node.path("protocolVersion").asInt(0), text(node, "userId"),
                    node.path("maxFrameBytes").asInt(0));
            case "session:info" -> new ServerFrame.SessionInfo(text(node, "conversationId"), text(node, "provider"),
                    text(node, "model"), text(node, "reason"), node.path("simulated").asBoolean(false),
                    node.path("contextWindow").asInt(0), routing(node.path("routing")), agent(node.path("agent")));
            case "routing:failover" -> new ServerFrame.RoutingFailover(text(node, "conversationId"),
                    text(node, "messageId"), text(node, "from"), text(node, "to"), text(node, "cause"));
            case "message:stored" -> new ServerFrame.MessageStored(text(node, "conversationId"),
                    text(node, "messageId"), text(node, "requestId"), text(node, "text"));
            case "message:start" -> new ServerFrame.MessageStart(text(node, "conversationId"),
                    text(node, "messageId"), text(node, "provider"), text(node, "model"));
            case "message:delta" -> new ServerFrame.MessageDelta(text(node, "conversationId"),
                    text(node, "messageId"), deltaKind(text(node, "kind")), orEmpty(text(node, "text")),
                    node.path("toolCallIndex").asInt(0), text(node, "toolCallId"), text(node, "toolName"));
            case "message:end" -> new ServerFrame.MessageEnd(text(node, "conversationId"), text(node, "messageId"),
                    text(node, "status"), text(node, "stopReason"), text(node, "provider"), text(node, "model"),
                    usage(node.path("usage")), timing(node.path("timing")), error(node.path("error")),
                    node.path("continues").asBoolean(false));
            case "tool:start" -> new ServerFrame.ToolStart(text(node, "conversationId"), text(node, "messageId"),
                    text(node, "callId"), text(node, "name"), orEmpty(text(node, "arguments")), text(node, "runsOn"));
            case "tool:end" -> new ServerFrame.ToolEnd(text(node, "conversationId"), text(node, "callId"),
                    text(node, "name"), node.path("isError").asBoolean(false), orEmpty(text(node, "summary")),
                    millis(node.path("durationMs")));
            case "tool:call" -> new ServerFrame.ToolRequest(text(node, "conversationId"), text(node, "callId"),
                    text(node, "name"), orEmpty(text(node, "arguments")));
            case "tools:offered" -> new ServerFrame.ToolsOffered(texts(node.path("accepted")),
                    refusals(node.path("refused")));
            case "context:memory" -> new ServerFrame.ContextMemory(text(node, "conversationId"),
                    texts(node.path("preferences")), node.path("insights").findValuesAsText("text"),
                    text(node, "unavailable"));
            case "context:compacted" -> new ServerFrame.ContextCompacted(text(node, "conversationId"),
                    node.path("summarized").asBoolean(false), node.path("messagesCovered").asInt(0),
                    node.path("tokensBefore").asLong(0), node.path("tokensAfter").asLong(0),
                    node.path("contextWindow").asInt(0), text(node, "summarizerModel"), text(node, "note"));
            case "conversation:history" -> new ServerFrame.History(text(node, "conversationId"), text(node, "title"),
                    node.path("replyInProgress").asBoolean(false), messages(node.path("messages")));
            case "command:result" -> new ServerFrame.CommandResult(text(node, "command"), orEmpty(text(node, "text")),
                    node.path("data").isObject() ? JSON.convertValue(node.get("data"), MAP) : Map.of());
            case "pong" -> new ServerFrame.Pong();
            case "error" -> new ServerFrame.Error(
                    new GatewayError(text(node, "code") == null ? "error" : text(node, "code"), text(node, "message")),
                    text(node, "requestId"), text(node, "conversationId"));
            default -> new ServerFrame.Unknown(type, node);
        };
    }

    /**
     * The error in a JSON body such as the gateway's 401 answer ({@code {"code":…,"message":…}}, or
     * the same in an {@code error} field), or {@code null} if there is none.
     */
    static GatewayError errorBody(String body) {
        try {
            JsonNode node = body == null ? null : JSON.readTree(body);
            return node == null ? null : error(node.path("error").isObject() ? node.get("error") : node);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static List<StoredMessage> messages(JsonNode array) {
        List<StoredMessage> messages = new ArrayList<>();
        for (JsonNode m : array) {
            StringBuilder text = new StringBuilder();
            StringBuilder thinking = new StringBuilder();
            List<ToolCall> calls = new ArrayList<>();
            List<ToolResult> results = new ArrayList<>();
            for (JsonNode block : m.path("content")) {
                switch (orEmpty(text(block, "type"))) {
                    case "text" -> text.append(orEmpty(text(block, "text")));
                    case "thinking" -> thinking.append(orEmpty(text(block, "text")));
                    case "tool_call" -> calls.add(new ToolCall(text(block, "id"), text(block, "name"),
                            orEmpty(text(block, "arguments"))));
                    case "tool_result" -> results.add(new ToolResult(text(block, "toolCallId"),
                            orEmpty(text(block, "content")), block.path("isError").asBoolean(false)));
                    default -> { } // a block kind added later: nothing to show
                }
            }
            messages.add(new StoredMessage(text(m, "id"), text(m, "role"), text(m, "status"),
                    instant(text(m, "createdAt")), text.toString(), thinking.toString(), calls, results,
                    text(m, "provider"), text(m, "model"), text(m, "stopReason"), usage(m.path("usage")),
                    timing(m.path("timing")), error(m.path("error"))));
        }
        return messages;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        for (JsonNode item : array) {
            if (item.isTextual()) {
                texts.add(item.asText());
            }
        }
        return texts;
    }

    private static List<ServerFrame.Refusal> refusals(JsonNode array) {
        List<ServerFrame.Refusal> refusals = new ArrayList<>();
        for (JsonNode item : array) {
            if (item.isObject()) {
                refusals.add(new ServerFrame.Refusal(text(item, "name"), text(item, "reason")));
            }
        }
        return refusals;
    }

    private static ServerFrame.Agent agent(JsonNode node) {
        return node.isObject() ? new ServerFrame.Agent(text(node, "id"), text(node, "name"),
                node.path("version").asInt(0)) : null;
    }

    private static Usage usage(JsonNode node) {
        if (!node.isObject()) {
            return Usage.NONE;
        }
        return new Usage(node.path("inputTokens").asLong(0), node.path("outputTokens").asLong(0),
                node.path("cachedInputTokens").asLong(0));
    }

    private static Timing timing(JsonNode node) {
        return node.isObject() ? new Timing(millis(node.path("timeToFirstTokenMs")), millis(node.path("durationMs")))
                : Timing.NONE;
    }

    private static Duration millis(JsonNode node) {
        return node.isNumber() ? Duration.ofMillis(node.asLong()) : null;
    }

    private static GatewayError error(JsonNode node) {
        return node.isObject() && node.has("code") ? new GatewayError(text(node, "code"), text(node, "message")) : null;
    }

    private static ServerFrame.DeltaKind deltaKind(String kind) {
        return switch (orEmpty(kind)) {
            case "text" -> ServerFrame.DeltaKind.TEXT;
            case "thinking" -> ServerFrame.DeltaKind.THINKING;
            case "tool_call" -> ServerFrame.DeltaKind.TOOL_CALL;
            default -> ServerFrame.DeltaKind.OTHER;
        };
    }

    /** An ISO-8601 instant; {@code null} when absent or not one. */
    static Instant instant(String text) {
        try {
            return text == null ? null : Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** A field's text; {@code null} when it is absent, null, an object or an array. */
    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() || value.isContainerNode() ? null : value.asText();
    }

    private static String orEmpty(String text) {
        return text == null ? "" : text;
    }

    private static ObjectNode frame(String type) {
        return JSON.createObjectNode().put("type", type);
    }

    private static ObjectNode putIfSet(ObjectNode node, String field, String value) {
        return value == null ? node : node.put(field, value);
    }

    private static ServerFrame.Routing routing(JsonNode node) {
        if (!node.isObject()) {
            return null;
        }
        JsonNode classification = node.path("classification");
        JsonNode rule = node.path("rule");
        return new ServerFrame.Routing(text(classification, "taskType"), text(classification, "complexity"),
                classification.path("confidence").asDouble(0), rule.isObject() ? text(rule, "name") : null,
                node.path("pinned").asBoolean(false), node.path("fallbacks").size());
    }
}
