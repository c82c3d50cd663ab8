package dev.mosaic.adapters.in.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mosaic.application.ErrorCode;
import dev.mosaic.application.Rejection;
import dev.mosaic.domain.conversation.ConversationId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A frame from a client, parsed and checked; anything malformed becomes a {@link Rejection}. */
sealed interface ClientFrame {

    record Send(String text, Optional<ConversationId> conversationId, String requestId) implements ClientFrame {}

    record Abort(ConversationId conversationId) implements ClientFrame {}

    record Open(ConversationId conversationId) implements ClientFrame {}

    record Command(String command, Optional<ConversationId> conversationId) implements ClientFrame {}

    record Ping() implements ClientFrame {}

    /** Tools the client runs itself; each as the client described it, checked when offered. */
    record OfferTools(List<Offered> tools) implements ClientFrame {}

    /** @param parameters the JSON schema as the client sent it; null when it is not an object */
    record Offered(String name, String description, String parameters) {}

    record ToolAnswer(String callId, String content, boolean isError) implements ClientFrame {}

    /** Thrown while parsing; carries the error the client gets. */
    final class Invalid extends Exception {
        private final transient Rejection rejection;

        Invalid(ErrorCode code, String message) {
            super(message, null, false, false);
            this.rejection = new Rejection(code, message);
        }

        Rejection rejection() {
            return rejection;
        }
    }

    static ClientFrame parse(ObjectMapper json, String text) throws Invalid {
        JsonNode frame;
        try {
            frame = json.readTree(text);
        } catch (Exception e) {
            throw new Invalid(ErrorCode.BAD_FRAME, "the frame is not valid JSON");
        }
        if (frame == null || !frame.isObject()) {
            throw new Invalid(ErrorCode.BAD_FRAME, "a frame must be a JSON object");
        }
        if (!WellFormedText.isWellFormed(frame)) {
            throw new Invalid(ErrorCode.INVALID_INPUT, WellFormedText.LONE_SURROGATE);
        }
        String type = optionalText(frame, "type")
                .orElseThrow(() -> new Invalid(ErrorCode.BAD_FRAME, "a frame needs a string field 'type'"));
        return switch (type) {
            case "message:send" -> {
                String body = optionalText(frame, "text").orElse("");
                if (body.isBlank()) {
                    throw new Invalid(ErrorCode.INVALID_INPUT, "'text' must not be empty");
                }
                if (body.indexOf('\0') >= 0) {
                    throw new Invalid(ErrorCode.INVALID_INPUT, "'text' must not contain NUL characters");
                }
                yield new Send(body, conversationId(frame, false), optionalText(frame, "requestId").orElse(null));
            }
            case "message:abort" -> new Abort(conversationId(frame, true).orElseThrow());
            case "conversation:open" -> new Open(conversationId(frame, true).orElseThrow());
            case "command:execute" -> new Command(optionalText(frame, "command")
                    .filter(c -> !c.isBlank())
                    .orElseThrow(() -> new Invalid(ErrorCode.INVALID_INPUT, "'command' must not be empty")),
                    conversationId(frame, false));
            case "ping" -> new Ping();
            case "tools:offer" -> {
                JsonNode tools = frame.get("tools");
                if (tools == null || !tools.isArray()) {
                    throw new Invalid(ErrorCode.BAD_FRAME, "'tools' must be a list");
                }
                List<Offered> offered = new ArrayList<>();
                for (JsonNode tool : tools) {
                    if (!tool.isObject()) {
                        throw new Invalid(ErrorCode.BAD_FRAME, "each tool must be an object");
                    }
                    JsonNode parameters = tool.get("parameters");
                    offered.add(new Offered(optionalText(tool, "name").orElse(""), optionalText(tool, "description")
                            .orElse(""), parameters != null && parameters.isObject() ? parameters.toString() : null));
                }
                yield new OfferTools(offered);
            }
            case "tool:result" -> {
                JsonNode isError = frame.get("isError");
                if (isError != null && !isError.isNull() && !isError.isBoolean()) {
                    throw new Invalid(ErrorCode.BAD_FRAME, "'isError' must be true or false");
                }
                yield new ToolAnswer(optionalText(frame, "callId").filter(c -> !c.isBlank())
                        .orElseThrow(() -> new Invalid(ErrorCode.INVALID_INPUT, "'callId' is required")),
                        optionalText(frame, "content").orElse(""), isError != null && isError.asBoolean());
            }
            default -> throw new Invalid(ErrorCode.UNKNOWN_TYPE, "unknown frame type '" + abbreviate(type) + "'");
        };
    }

    private static Optional<String> optionalText(JsonNode frame, String field) throws Invalid {
        JsonNode node = frame.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isTextual()) {
            throw new Invalid(ErrorCode.BAD_FRAME, "'" + field + "' must be a string");
        }
        return Optional.of(node.asText());
    }

    private static Optional<ConversationId> conversationId(JsonNode frame, boolean required) throws Invalid {
        Optional<String> id = optionalText(frame, "conversationId");
        if (id.isEmpty()) {
            if (required) {
                throw new Invalid(ErrorCode.INVALID_INPUT, "'conversationId' is required");
            }
            return Optional.empty();
        }
        try {
            return Optional.of(ConversationId.parse(id.get()));
        } catch (IllegalArgumentException e) {
            throw new Invalid(ErrorCode.INVALID_INPUT, "'conversationId' is not a valid id");
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }
}
