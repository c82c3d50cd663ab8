package dev.mosaic.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The OpenAI Responses API, {@code POST /v1/responses}: {@code response.*} events numbered by
 * {@code sequence_number}, with a reasoning item, a message item and function call items, or one
 * response object. Auth and error bodies are OpenAI's, as for Chat Completions.
 */
final class ResponsesProtocol implements OpenAiProtocol {
    static final ResponsesProtocol INSTANCE = new ResponsesProtocol();

    private ResponsesProtocol() {}

    /** {@code instructions} count as a system message; {@code input} is a string or a list of items. */
    @Override
    public ReceivedMessages read(JsonNode body, long sequence) throws BadRequest {
        OpenAiProtocol.requireObject(body);
        JsonNode input = body.path("input");
        if (!input.isTextual() && !(input.isArray() && !input.isEmpty())) {
            throw new BadRequest(OpenAiErrors.error("Missing required parameter: 'input'.", "invalid_request_error",
                    "input", "missing_required_parameter"));
        }
        ReceivedMessages.Builder builder = new ReceivedMessages.Builder().offer(body.path("tools"));
        builder.add("system", body.path("instructions").asText(""));
        if (input.isTextual()) {
            return builder.add("user", input.asText()).build();
        }
        for (JsonNode item : input) {
            // Messages may leave out their type ("easy input messages").
            switch (item.path("type").asText("message")) {
                case "message" -> {
                    String role = item.path("role").asText("");
                    String text = ReceivedMessages.text(item.path("content"));
                    if (role.equals("assistant")) {
                        builder.addAssistantPart(text);
                    } else {
                        builder.add(role, text);
                    }
                }
                case "function_call" -> builder.addAssistantPart(item.path("arguments").asText(""))
                        .call(item.path("call_id").asText(""), item.path("name").asText(""));
                case "reasoning" -> builder.addAssistantPart("");
                case "function_call_output" -> {
                    String output = ReceivedMessages.text(item.path("output"));
                    builder.add("tool", output).result(item.path("call_id").asText(""), "", output);
                }
                default -> builder.add(item.path("type").asText(), "");
            }
        }
        return builder.build();
    }

    @Override
    public ReplyRenderer renderer(Reply reply, RequestContext request) {
        return new Renderer(reply, request);
    }

    private static final class Renderer implements ReplyRenderer {
        private final Reply reply;
        private final RequestContext request;
        private final String id;
        private final long createdAt = System.currentTimeMillis() / 1000;
        private final boolean encryptedReasoning;
        /** The items streamed to their end, as {@code response.failed} and {@code response.completed} list them. */
        private final ArrayNode output = JSON.createArrayNode();
        private int sequenceNumber;

        Renderer(Reply reply, RequestContext request) {
            this.reply = reply;
            this.request = request;
            this.id = "resp_sim" + request.sequence();
            boolean encrypted = false;
            for (JsonNode include : request.body().path("include")) {
                encrypted |= include.asText().equals("reasoning.encrypted_content");
            }
            this.encryptedReasoning = encrypted;
        }

        @Override
        public void open(StringBuilder out) {
            ObjectNode inProgress = response("in_progress", JSON.createArrayNode());
            emit(event("response.created").set("response", inProgress), out);
            emit(event("response.in_progress").set("response", inProgress), out);
        }

        @Override
        public void blockStart(ReplyBlock block, StringBuilder out) {
            switch (block.kind()) {
                case THINKING -> {
                    emit(itemAdded(block, reasoningItem(block, false)), out);
                    emit(summaryEvent("response.reasoning_summary_part.added", block).set("part", summaryText("")), out);
                }
                case TEXT -> {
                    emit(itemAdded(block, messageItem(block, false)), out);
                    emit(contentEvent("response.content_part.added", block).set("part", outputText("")), out);
                }
                case TOOL_CALL -> { } // The item is added by the call's first chunk, see chunk().
            }
        }

        @Override
        public void chunk(ReplyBlock block, int chunk, StringBuilder out) {
            switch (block.kind()) {
                case THINKING -> emit(summaryEvent("response.reasoning_summary_text.delta", block)
                        .put("delta", block.piece(chunk)), out);
                case TEXT -> emit(contentEvent("response.output_text.delta", block).put("delta", block.piece(chunk)), out);
                case TOOL_CALL -> emit(chunk == 0 ? itemAdded(block, functionCallItem(block, false))
                        : itemEvent("response.function_call_arguments.delta", block).put("delta", block.piece(chunk)), out);
            }
        }

        @Override
        public void blockEnd(ReplyBlock block, StringBuilder out) {
            ObjectNode item = switch (block.kind()) {
                case THINKING -> {
                    emit(summaryEvent("response.reasoning_summary_text.done", block).put("text", block.text()), out);
                    emit(summaryEvent("response.reasoning_summary_part.done", block).set("part", summaryText(block.text())), out);
                    yield reasoningItem(block, true);
                }
                case TEXT -> {
                    emit(contentEvent("response.output_text.done", block).put("text", block.text()), out);
                    emit(contentEvent("response.content_part.done", block).set("part", outputText(block.text())), out);
                    yield messageItem(block, true);
                }
                case TOOL_CALL -> {
                    emit(itemEvent("response.function_call_arguments.done", block).put("arguments", block.text()), out);
                    yield functionCallItem(block, true);
                }
            };
            output.add(item);
            ObjectNode done = event("response.output_item.done").put("output_index", block.index());
            emit(done.set("item", item), out);
        }

        @Override
        public void finish(StringBuilder out) {
            ObjectNode response = finalResponse(output);
            emit(event("response." + response.path("status").asText()).set("response", response), out);
        }

        /** An {@code error} event, then {@code response.failed} with the items finished so far. */
        @Override
        public void midStreamError(String message, StringBuilder out) {
            emit(event("error").put("code", "server_error").put("message", message).putNull("param"), out);
            ObjectNode failed = response("failed", output);
            failed.putObject("error").put("code", "server_error").put("message", message);
            emit(event("response.failed").set("response", failed), out);
        }

        @Override
        public ObjectNode whole() {
            ArrayNode items = JSON.createArrayNode();
            for (ReplyBlock block : ReplyBlock.of(reply)) {
                items.add(switch (block.kind()) {
                    case THINKING -> reasoningItem(block, true);
                    case TEXT -> messageItem(block, true);
                    case TOOL_CALL -> functionCallItem(block, true);
                });
            }
            return finalResponse(items);
        }

        /** Completed, or incomplete when the reply was scripted to stop at its length limit. */
        private ObjectNode finalResponse(ArrayNode items) {
            boolean cutShort = reply.finishReason().equals("length");
            ObjectNode response = response(cutShort ? "incomplete" : "completed", items);
            if (cutShort) {
                response.putObject("incomplete_details").put("reason", "max_output_tokens");
            }
            int input = request.received().promptTokens();
            int outputTokens = reply.chunkCount();
            ObjectNode usage = response.putObject("usage").put("input_tokens", input);
            usage.putObject("input_tokens_details").put("cached_tokens", 0);
            usage.put("output_tokens", outputTokens);
            usage.putObject("output_tokens_details").put("reasoning_tokens", reply.thinkingChunks().size());
            usage.put("total_tokens", input + outputTokens);
            return response;
        }

        /** The response object, echoing the request's settings where it gave them. */
        private ObjectNode response(String status, ArrayNode items) {
            ObjectNode response = JSON.createObjectNode().put("id", id).put("object", "response")
                    .put("created_at", createdAt).put("status", status);
            response.putNull("error");
            response.putNull("incomplete_details");
            response.set("instructions", echo("instructions", NullNode.getInstance()));
            response.set("max_output_tokens", echo("max_output_tokens", NullNode.getInstance()));
            response.put("model", request.model());
            response.set("output", items);
            response.set("parallel_tool_calls", echo("parallel_tool_calls", JSON.getNodeFactory().booleanNode(true)));
            response.set("previous_response_id", echo("previous_response_id", NullNode.getInstance()));
            ObjectNode noReasoning = JSON.createObjectNode().putNull("effort").putNull("summary");
            response.set("reasoning", echo("reasoning", noReasoning));
            response.set("store", echo("store", JSON.getNodeFactory().booleanNode(true)));
            response.set("temperature", echo("temperature", JSON.getNodeFactory().numberNode(1)));
            response.putObject("text").putObject("format").put("type", "text");
            response.set("tool_choice", echo("tool_choice", JSON.getNodeFactory().textNode("auto")));
            response.set("tools", echo("tools", JSON.createArrayNode()));
            response.set("top_p", echo("top_p", JSON.getNodeFactory().numberNode(1)));
            response.put("truncation", "disabled");
            response.putNull("usage");
            response.putNull("user");
            response.set("metadata", echo("metadata", JSON.createObjectNode()));
            return response;
        }

        private JsonNode echo(String field, JsonNode otherwise) {
            JsonNode given = request.body().get(field);
            return given == null || given.isNull() ? otherwise : given;
        }

        private ObjectNode reasoningItem(ReplyBlock block, boolean done) {
            ObjectNode item = JSON.createObjectNode().put("id", itemId(block)).put("type", "reasoning");
            ArrayNode summary = item.putArray("summary");
            if (done) {
                summary.add(summaryText(block.text()));
                if (encryptedReasoning) {
                    item.put("encrypted_content", "simulated-reasoning-" + id);
                }
            }
            return item;
        }

        private ObjectNode messageItem(ReplyBlock block, boolean done) {
            ObjectNode item = JSON.createObjectNode().put("id", itemId(block)).put("status", done ? "completed" : "in_progress")
                    .put("type", "message").put("role", "assistant");
            ArrayNode content = item.putArray("content");
            if (done) {
                content.add(outputText(block.text()));
            }
            return item;
        }

        private ObjectNode functionCallItem(ReplyBlock block, boolean done) {
            return JSON.createObjectNode().put("type", "function_call").put("id", itemId(block))
                    .put("call_id", block.toolCall().id()).put("name", block.toolCall().name())
                    .put("arguments", done ? block.text() : "").put("status", done ? "completed" : "in_progress");
        }

        private String itemId(ReplyBlock block) {
            return switch (block.kind()) {
                case THINKING -> "rs_sim" + request.sequence();
                case TEXT -> "msg_sim" + request.sequence();
                case TOOL_CALL -> "fc_sim" + request.sequence() + "_" + block.toolIndex();
            };
        }

        private static ObjectNode summaryText(String text) {
            return JSON.createObjectNode().put("type", "summary_text").put("text", text);
        }

        private static ObjectNode outputText(String text) {
            ObjectNode part = JSON.createObjectNode().put("type", "output_text").put("text", text);
            part.putArray("annotations");
            return part;
        }

        private static ObjectNode event(String type) {
            return JSON.createObjectNode().put("type", type);
        }

        private ObjectNode itemAdded(ReplyBlock block, ObjectNode item) {
            ObjectNode added = event("response.output_item.added").put("output_index", block.index());
            added.set("item", item);
            return added;
        }

        private ObjectNode itemEvent(String type, ReplyBlock block) {
            return event(type).put("item_id", itemId(block)).put("output_index", block.index());
        }

        private ObjectNode summaryEvent(String type, ReplyBlock block) {
            return itemEvent(type, block).put("summary_index", 0);
        }

        private ObjectNode contentEvent(String type, ReplyBlock block) {
            return itemEvent(type, block).put("content_index", 0);
        }

        /** Every event carries the next {@code sequence_number}, last, as the API sends it. */
        private void emit(ObjectNode event, StringBuilder out) {
            ReplyRenderer.event(event.put("sequence_number", sequenceNumber++), out);
        }
    }
}
