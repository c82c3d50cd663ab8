package dev.mosaic.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * OpenAI Chat Completions, {@code POST /v1/chat/completions}: {@code chat.completion.chunk} events
 * ending with {@code data: [DONE]}, or one {@code chat.completion}.
 */
final class ChatCompletionsProtocol implements OpenAiProtocol {
    static final ChatCompletionsProtocol INSTANCE = new ChatCompletionsProtocol();

    private ChatCompletionsProtocol() {}

    /** {@code GET /v1/models} in OpenAI's list shape. */
    static ObjectNode models() {
        ObjectNode list = JSON.createObjectNode().put("object", "list");
        list.putArray("data").addObject().put("id", ProviderSimulator.MODEL).put("object", "model")
                .put("created", ProviderSimulator.MODEL_CREATED.getEpochSecond()).put("owned_by", "mosaic");
        return list;
    }

    @Override
    public ReceivedMessages read(JsonNode body, long sequence) throws BadRequest {
        OpenAiProtocol.requireObject(body);
        JsonNode messages = body.path("messages");
        if (!messages.isArray() || messages.isEmpty()) {
            throw new BadRequest(OpenAiErrors.error("'messages' must be a non-empty array of messages.",
                    "invalid_request_error", "messages", null));
        }
        return ReceivedMessages.of(messages, body.path("tools"));
    }

    @Override
    public ReplyRenderer renderer(Reply reply, RequestContext request) {
        return new Renderer(reply, request);
    }

    private static final class Renderer implements ReplyRenderer {
        private final Reply reply;
        private final String id;
        private final String model;
        private final long created = System.currentTimeMillis() / 1000;
        private final int promptTokens;
        private final boolean includeUsage;

        Renderer(Reply reply, RequestContext request) {
            this.reply = reply;
            this.id = "chatcmpl-sim" + request.sequence();
            this.model = request.model();
            this.promptTokens = request.received().promptTokens();
            this.includeUsage = request.body().path("stream_options").path("include_usage").asBoolean(false);
        }

        @Override
        public void open(StringBuilder out) {
            ObjectNode opening = JSON.createObjectNode().put("role", "assistant");
            if (reply.textChunks().isEmpty() && reply.thinkingChunks().isEmpty() && !reply.toolCalls().isEmpty()) {
                opening.putNull("content");
            } else {
                opening.put("content", "");
            }
            opening.putNull("refusal");
            send(chunk(opening, null), out);
        }

        /** Reasoning as {@code reasoning_content} (as Z.ai sends it), text, and tool calls keyed by index. */
        @Override
        public void chunk(ReplyBlock block, int chunk, StringBuilder out) {
            ObjectNode delta = JSON.createObjectNode();
            switch (block.kind()) {
                case THINKING -> delta.put("reasoning_content", block.piece(chunk));
                case TEXT -> delta.put("content", block.piece(chunk));
                case TOOL_CALL -> {
                    ObjectNode call = delta.putArray("tool_calls").addObject().put("index", block.toolIndex());
                    if (chunk == 0) {
                        call.put("id", block.toolCall().id()).put("type", "function");
                        call.putObject("function").put("name", block.toolCall().name()).put("arguments", "");
                    } else {
                        call.putObject("function").put("arguments", block.piece(chunk));
                    }
                }
            }
            send(chunk(delta, null), out);
        }

        @Override
        public void finish(StringBuilder out) {
            send(chunk(JSON.createObjectNode(), reply.finishReason()), out);
            if (includeUsage) {
                ObjectNode last = envelope();
                last.putArray("choices");
                last.set("usage", usage());
                send(last, out);
            }
            ReplyRenderer.data("[DONE]", out);
        }

        @Override
        public void midStreamError(String message, StringBuilder out) {
            send(OpenAiErrors.error(message, "server_error", null, null), out);
        }

        @Override
        public ObjectNode whole() {
            ObjectNode message = JSON.createObjectNode().put("role", "assistant");
            String text = String.join("", reply.textChunks());
            if (text.isEmpty() && !reply.toolCalls().isEmpty()) {
                message.putNull("content");
            } else {
                message.put("content", text);
            }
            if (!reply.thinkingChunks().isEmpty()) {
                message.put("reasoning_content", String.join("", reply.thinkingChunks()));
            }
            if (!reply.toolCalls().isEmpty()) {
                ArrayNode calls = message.putArray("tool_calls");
                for (Reply.ToolCall call : reply.toolCalls()) {
                    ObjectNode node = calls.addObject().put("id", call.id()).put("type", "function");
                    node.putObject("function").put("name", call.name()).put("arguments", call.arguments());
                }
            }
            message.putNull("refusal");
            ObjectNode completion = envelope().put("object", "chat.completion");
            ObjectNode choice = completion.putArray("choices").addObject().put("index", 0);
            choice.set("message", message);
            choice.putNull("logprobs");
            choice.put("finish_reason", reply.finishReason());
            completion.set("usage", usage());
            return completion;
        }

        private ObjectNode chunk(ObjectNode delta, String finishReason) {
            ObjectNode chunk = envelope();
            ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
            choice.set("delta", delta);
            choice.putNull("logprobs");
            choice.put("finish_reason", finishReason);
            if (includeUsage) {
                // OpenAI sends "usage": null on every chunk but the last when usage is asked for.
                chunk.putNull("usage");
            }
            return chunk;
        }

        private ObjectNode envelope() {
            return JSON.createObjectNode().put("id", id).put("object", "chat.completion.chunk").put("created", created)
                    .put("model", model).put("system_fingerprint", "fp_simulator");
        }

        private ObjectNode usage() {
            int completion = reply.chunkCount();
            ObjectNode usage = JSON.createObjectNode().put("prompt_tokens", promptTokens)
                    .put("completion_tokens", completion).put("total_tokens", promptTokens + completion);
            usage.putObject("prompt_tokens_details").put("cached_tokens", 0);
            usage.putObject("completion_tokens_details").put("reasoning_tokens", reply.thinkingChunks().size());
            return usage;
        }

        private static void send(ObjectNode event, StringBuilder out) {
            ReplyRenderer.data(event.toString(), out);
        }
    }
}
