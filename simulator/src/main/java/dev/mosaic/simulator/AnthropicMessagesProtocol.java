package dev.mosaic.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * Anthropic Messages, {@code POST /v1/messages}: typed events from {@code message_start} through
 * content blocks to {@code message_stop}, or one Message object. Keys come in {@code x-api-key} or,
 * as with OAuth tokens, {@code Authorization: Bearer}; {@code anthropic-version} is accepted, not required.
 */
final class AnthropicMessagesProtocol implements WireProtocol {
    static final AnthropicMessagesProtocol INSTANCE = new AnthropicMessagesProtocol();

    private AnthropicMessagesProtocol() {}

    /** {@code GET /v1/models} in Anthropic's list shape. */
    static ObjectNode models() {
        ObjectNode list = JSON.createObjectNode();
        list.putArray("data").addObject().put("type", "model").put("id", ProviderSimulator.MODEL)
                .put("display_name", "Mosaic Simulator").put("created_at", ProviderSimulator.MODEL_CREATED.toString());
        return list.put("first_id", ProviderSimulator.MODEL).put("has_more", false).put("last_id", ProviderSimulator.MODEL);
    }

    @Override
    public JsonNode authFailure(Headers headers, SimulatorOptions options, long sequence) {
        if (!options.requireAuth()) {
            return null;
        }
        String apiKey = headers.getFirst("x-api-key");
        String key = apiKey != null && !apiKey.isBlank() ? apiKey.strip() : WireProtocol.bearerKey(headers);
        if (key.isEmpty()) {
            return error(401, "x-api-key header is required", sequence);
        }
        if (options.apiKey() != null && !options.apiKey().equals(key)) {
            return error(401, "invalid x-api-key", sequence);
        }
        return null;
    }

    @Override
    public ObjectNode error(int status, String message, long sequence) {
        ObjectNode root = JSON.createObjectNode().put("type", "error");
        root.putObject("error").put("type", errorType(status)).put("message", message);
        return root.put("request_id", requestId(sequence));
    }

    /** Kept as scripted when already in Anthropic's envelope; otherwise the message is rewrapped. */
    @Override
    public String httpErrorBody(int status, String scriptedBody, long sequence) {
        try {
            if (JSON.readTree(scriptedBody).path("type").asText().equals("error")) {
                return scriptedBody;
            }
        } catch (IOException e) {
            // Not JSON: its text becomes the message below.
        }
        String message = WireProtocol.errorMessage(scriptedBody);
        return error(status, message != null ? message : scriptedBody, sequence).toString();
    }

    @Override
    public Map<String, String> responseHeaders(long sequence) {
        return Map.of("request-id", requestId(sequence));
    }

    /** Anthropic requires {@code model}, {@code max_tokens} and {@code messages}; so does the simulator. */
    @Override
    public ReceivedMessages read(JsonNode body, long sequence) throws BadRequest {
        if (body == null || !body.isObject()) {
            throw new BadRequest(error(400, "The request body is not valid JSON.", sequence));
        }
        for (String field : new String[] {"model", "max_tokens", "messages"}) {
            if (body.path(field).isMissingNode() || body.path(field).isNull()) {
                throw new BadRequest(error(400, field + ": Field required", sequence));
            }
        }
        JsonNode messages = body.path("messages");
        if (!messages.isArray() || messages.isEmpty()) {
            throw new BadRequest(error(400, "messages: at least one message is required", sequence));
        }
        ReceivedMessages.Builder builder = new ReceivedMessages.Builder().offer(body.path("tools"));
        builder.add("system", ReceivedMessages.text(body.path("system")));
        for (JsonNode message : messages) {
            String role = message.path("role").asText("");
            JsonNode content = message.path("content");
            String text = ReceivedMessages.text(content);
            String results = toolResults(content);
            // Tool results come back in a user message; one with nothing else is no message of the person's.
            builder.add(role.equals("user") && text.isEmpty() && !results.isEmpty() ? "tool" : role, text + results);
            for (JsonNode block : content) {
                switch (block.path("type").asText()) {
                    case "tool_use" -> builder.call(block.path("id").asText(""), block.path("name").asText(""));
                    case "tool_result" -> builder.result(block.path("tool_use_id").asText(""), "",
                            ReceivedMessages.text(block.path("content")));
                    default -> { }
                }
            }
        }
        return builder.build();
    }

    @Override
    public ReplyRenderer renderer(Reply reply, RequestContext request) {
        return new Renderer(reply, request);
    }

    private static String toolResults(JsonNode content) {
        StringBuilder out = new StringBuilder();
        for (JsonNode block : content) {
            if (block.path("type").asText().equals("tool_result")) {
                out.append(ReceivedMessages.text(block.path("content")));
            }
        }
        return out.toString();
    }

    private static String errorType(int status) {
        return switch (status) {
            case 400 -> "invalid_request_error";
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 413 -> "request_too_large";
            case 429 -> "rate_limit_error";
            case 529 -> "overloaded_error";
            default -> status >= 500 ? "api_error" : "invalid_request_error";
        };
    }

    private static String stopReason(String finishReason) {
        return switch (finishReason) {
            case "stop" -> "end_turn";
            case "tool_calls" -> "tool_use";
            case "length" -> "max_tokens";
            default -> finishReason;
        };
    }

    private static String requestId(long sequence) {
        return "req_sim" + sequence;
    }

    private static final class Renderer implements ReplyRenderer {
        private final Reply reply;
        private final RequestContext request;
        private final String id;
        private boolean pinged;

        Renderer(Reply reply, RequestContext request) {
            this.reply = reply;
            this.request = request;
            this.id = "msg_sim" + request.sequence();
        }

        /** Usage here has the input tokens; the output count grows in {@code message_delta}. */
        @Override
        public void open(StringBuilder out) {
            ObjectNode start = JSON.createObjectNode().put("type", "message_start");
            ObjectNode message = message(start.putObject("message"));
            message.putArray("content");
            message.putNull("stop_reason").putNull("stop_sequence");
            message.set("usage", usage(1));
            ReplyRenderer.event(start, out);
        }

        @Override
        public void blockStart(ReplyBlock block, StringBuilder out) {
            switch (block.kind()) {
                case THINKING -> startBlock(block, JSON.createObjectNode().put("type", "thinking").put("thinking", ""), out);
                case TEXT -> startBlock(block, JSON.createObjectNode().put("type", "text").put("text", ""), out);
                case TOOL_CALL -> { } // Its start is the call's first chunk, see chunk().
            }
        }

        @Override
        public void chunk(ReplyBlock block, int chunk, StringBuilder out) {
            ObjectNode delta = JSON.createObjectNode();
            switch (block.kind()) {
                case THINKING -> delta.put("type", "thinking_delta").put("thinking", block.piece(chunk));
                case TEXT -> delta.put("type", "text_delta").put("text", block.piece(chunk));
                case TOOL_CALL -> {
                    if (chunk == 0) {
                        startBlock(block, toolUse(block.toolCall(), JSON.createObjectNode()), out);
                        return;
                    }
                    delta.put("type", "input_json_delta").put("partial_json", block.piece(chunk));
                }
            }
            blockDelta(block, delta, out);
        }

        /** A thinking block's signature arrives just before its stop, as the real API sends it. */
        @Override
        public void blockEnd(ReplyBlock block, StringBuilder out) {
            if (block.kind() == ReplyBlock.Kind.THINKING) {
                blockDelta(block, JSON.createObjectNode().put("type", "signature_delta").put("signature", signature()), out);
            }
            ReplyRenderer.event(JSON.createObjectNode().put("type", "content_block_stop").put("index", block.index()), out);
        }

        @Override
        public void finish(StringBuilder out) {
            ping(out);
            ObjectNode delta = JSON.createObjectNode().put("type", "message_delta");
            delta.putObject("delta").put("stop_reason", stopReason(reply.finishReason())).putNull("stop_sequence");
            // Usage in message_delta is cumulative: the output tokens of the whole reply.
            delta.putObject("usage").put("output_tokens", reply.chunkCount());
            ReplyRenderer.event(delta, out);
            ReplyRenderer.event(JSON.createObjectNode().put("type", "message_stop"), out);
        }

        @Override
        public void midStreamError(String message, StringBuilder out) {
            ObjectNode error = JSON.createObjectNode().put("type", "error");
            error.putObject("error").put("type", "overloaded_error").put("message", message);
            ReplyRenderer.event(error, out);
        }

        @Override
        public ObjectNode whole() {
            ObjectNode message = message(JSON.createObjectNode());
            ArrayNode content = message.putArray("content");
            for (ReplyBlock block : ReplyBlock.of(reply)) {
                switch (block.kind()) {
                    case THINKING -> content.addObject().put("type", "thinking").put("thinking", block.text())
                            .put("signature", signature());
                    case TEXT -> content.addObject().put("type", "text").put("text", block.text());
                    case TOOL_CALL -> content.add(toolUse(block.toolCall(), WireProtocol.argumentsObject(block.toolCall())));
                }
            }
            message.put("stop_reason", stopReason(reply.finishReason())).putNull("stop_sequence");
            message.set("usage", usage(reply.chunkCount()));
            return message;
        }

        private ObjectNode message(ObjectNode message) {
            return message.put("id", id).put("type", "message").put("role", "assistant").put("model", request.model());
        }

        private ObjectNode usage(int outputTokens) {
            return JSON.createObjectNode().put("input_tokens", request.received().promptTokens())
                    .put("cache_creation_input_tokens", 0).put("cache_read_input_tokens", 0)
                    .put("output_tokens", outputTokens);
        }

        private static ObjectNode toolUse(Reply.ToolCall call, JsonNode input) {
            ObjectNode block = JSON.createObjectNode().put("type", "tool_use").put("id", call.id()).put("name", call.name());
            block.set("input", input);
            return block;
        }

        /** The real API pings once, right after the first block starts. */
        private void startBlock(ReplyBlock block, ObjectNode contentBlock, StringBuilder out) {
            ObjectNode start = JSON.createObjectNode().put("type", "content_block_start").put("index", block.index());
            start.set("content_block", contentBlock);
            ReplyRenderer.event(start, out);
            ping(out);
        }

        private void ping(StringBuilder out) {
            if (!pinged) {
                pinged = true;
                ReplyRenderer.event(JSON.createObjectNode().put("type", "ping"), out);
            }
        }

        private static void blockDelta(ReplyBlock block, ObjectNode delta, StringBuilder out) {
            ObjectNode event = JSON.createObjectNode().put("type", "content_block_delta").put("index", block.index());
            event.set("delta", delta);
            ReplyRenderer.event(event, out);
        }

        /** Opaque like the real one; clients only send it back, nobody checks it. */
        private String signature() {
            return Base64.getEncoder().encodeToString(("mosaic-simulator thinking " + id).getBytes(StandardCharsets.UTF_8));
        }
    }
}
