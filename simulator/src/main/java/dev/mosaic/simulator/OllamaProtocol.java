package dev.mosaic.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import java.time.Instant;
import java.util.Map;

/**
 * Ollama's native API: the chat, {@code POST /api/chat}, is one JSON object a line (NDJSON),
 * streaming unless the request says {@code "stream": false}, the last line {@code done: true} with
 * the counts and durations. Errors, here and on the other {@code /api} endpoints ({@link
 * OllamaModels}), are {@code {"error":"…"}}.
 *
 * <p>A local Ollama asks for no key, so neither does this unless the simulator was given one
 * ({@link SimulatorOptions#withApiKey}); then it wants it as {@code Authorization: Bearer}, as
 * ollama.com does.
 */
final class OllamaProtocol implements WireProtocol {
    static final OllamaProtocol INSTANCE = new OllamaProtocol();

    private OllamaProtocol() {}

    @Override
    public JsonNode authFailure(Headers headers, SimulatorOptions options, long sequence) {
        if (!options.requireAuth() || options.apiKey() == null || options.apiKey().equals(WireProtocol.bearerKey(headers))) {
            return null;
        }
        return error(401, "unauthorized", sequence);
    }

    @Override
    public ObjectNode error(int status, String message, long sequence) {
        return JSON.createObjectNode().put("error", message);
    }

    /** The scripted error's message (its whole body when it has none) in Ollama's {@code {"error":"…"}}. */
    @Override
    public String httpErrorBody(int status, String scriptedBody, long sequence) {
        String message = WireProtocol.errorMessage(scriptedBody);
        return error(status, message != null ? message : scriptedBody, sequence).toString();
    }

    @Override
    public Map<String, String> responseHeaders(long sequence) {
        return Map.of();
    }

    @Override
    public ReceivedMessages read(JsonNode body, long sequence) throws BadRequest {
        if (body == null || !body.isObject()) {
            throw new BadRequest(error(400, "invalid request body: not a JSON object", sequence));
        }
        if (body.path("model").asText("").isBlank()) {
            throw new BadRequest(error(400, "model is required", sequence));
        }
        return ReceivedMessages.of(body.path("messages"), body.path("tools"));
    }

    /** Ollama streams unless told not to. */
    @Override
    public boolean streams(JsonNode body) {
        return body.path("stream").asBoolean(true);
    }

    @Override
    public ReplyRenderer renderer(Reply reply, RequestContext request) {
        return new Renderer(reply, request);
    }

    private static String doneReason(String finishReason) {
        return switch (finishReason) {
            // Ollama ends a reply with tool calls as it ends any other.
            case "stop", "tool_calls" -> "stop";
            default -> finishReason;
        };
    }

    private static final class Renderer implements ReplyRenderer {
        private final Reply reply;
        private final RequestContext request;
        private final long started = System.nanoTime();
        private long opened;
        private long firstChunk;

        Renderer(Reply reply, RequestContext request) {
            this.reply = reply;
            this.request = request;
        }

        @Override
        public String streamContentType() {
            return "application/x-ndjson";
        }

        @Override
        public void open(StringBuilder out) {
            opened = System.nanoTime();
        }

        /** Tool calls arrive whole, with their arguments as an object: the line goes out with the last fragment. */
        @Override
        public void chunk(ReplyBlock block, int chunk, StringBuilder out) {
            if (firstChunk == 0) {
                firstChunk = System.nanoTime();
            }
            ObjectNode message = JSON.createObjectNode().put("role", "assistant");
            switch (block.kind()) {
                case THINKING -> message.put("content", "").put("thinking", block.piece(chunk));
                case TEXT -> message.put("content", block.piece(chunk));
                case TOOL_CALL -> {
                    if (chunk < block.chunks() - 1) {
                        return;
                    }
                    message.put("content", "");
                    addToolCall(message, block);
                }
            }
            line(start(message).put("done", false), out);
        }

        @Override
        public void finish(StringBuilder out) {
            line(done(start(JSON.createObjectNode().put("role", "assistant").put("content", ""))), out);
        }

        @Override
        public void midStreamError(String message, StringBuilder out) {
            line(JSON.createObjectNode().put("error", message), out);
        }

        @Override
        public ObjectNode whole() {
            ObjectNode message = JSON.createObjectNode().put("role", "assistant")
                    .put("content", String.join("", reply.textChunks()));
            if (!reply.thinkingChunks().isEmpty()) {
                message.put("thinking", String.join("", reply.thinkingChunks()));
            }
            for (ReplyBlock block : ReplyBlock.of(reply)) {
                if (block.kind() == ReplyBlock.Kind.TOOL_CALL) {
                    addToolCall(message, block);
                }
            }
            return done(start(message));
        }

        private ObjectNode start(ObjectNode message) {
            ObjectNode line = JSON.createObjectNode().put("model", request.model())
                    .put("created_at", Instant.now().toString());
            line.set("message", message);
            return line;
        }

        /**
         * The closing counts. Durations are nanoseconds, by phase: "loading" until the stream opens,
         * prompt evaluation until the first chunk, generation after it; never 0, as Ollama leaves zero
         * metrics out.
         */
        private ObjectNode done(ObjectNode line) {
            long now = System.nanoTime();
            long loaded = opened == 0 ? started : opened;
            long generating = firstChunk == 0 ? now : firstChunk;
            long load = Math.max(1, loaded - started);
            long promptEval = Math.max(1, generating - loaded);
            long eval = Math.max(1, now - generating);
            return line.put("done_reason", doneReason(reply.finishReason())).put("done", true)
                    .put("total_duration", load + promptEval + eval).put("load_duration", load)
                    .put("prompt_eval_count", request.received().promptTokens()).put("prompt_eval_duration", promptEval)
                    .put("eval_count", reply.chunkCount()).put("eval_duration", eval);
        }

        private static void addToolCall(ObjectNode message, ReplyBlock block) {
            ObjectNode call = message.withArrayProperty("tool_calls").addObject().put("id", block.toolCall().id());
            ObjectNode function = call.putObject("function").put("index", block.toolIndex()).put("name", block.toolCall().name());
            function.set("arguments", WireProtocol.argumentsObject(block.toolCall()));
        }

        private static void line(ObjectNode json, StringBuilder out) {
            out.append(json).append('\n');
        }
    }
}
