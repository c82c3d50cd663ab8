package dev.mosaic.adapters.out.providers.openai;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mosaic.adapters.out.providers.HistoryNormaliser;
import dev.mosaic.adapters.out.providers.OfferedTools;
import dev.mosaic.application.port.out.provider.ChatRequest;
import dev.mosaic.application.tool.ToolSpec;
import dev.mosaic.domain.conversation.ContentBlock;
import dev.mosaic.domain.conversation.Message;

/**
 * Turns a neutral {@link ChatRequest} into a streaming Responses request body. Nothing is stored
 * at OpenAI ({@code store:false}): the whole conversation is sent each time, as with Chat Completions.
 */
final class ResponsesRequests {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ResponsesRequests() {}

    /** @param providerId this provider's id, as the messages it wrote name it */
    static ObjectNode body(ChatRequest request, String providerId) {
        ObjectNode body = JSON.createObjectNode().put("model", request.model());
        if (!request.systemPrompt().isBlank()) {
            body.put("instructions", request.systemPrompt());
        }
        ArrayNode input = body.putArray("input");
        for (Message message : HistoryNormaliser.normalise(request, providerId)) {
            switch (message.role()) {
                case USER -> addText(input, "user", "input_text", message.text());
                case ASSISTANT -> addAssistant(input, message);
                case TOOL -> addToolResults(input, message);
            }
        }
        if (!request.tools().isEmpty()) {
            ArrayNode tools = body.putArray("tools");
            for (ToolSpec tool : request.tools()) {
                // Strict is the API's default, and it refuses schemas not written for it (every property required, no others allowed).
                tools.addObject().put("type", "function").put("name", tool.name()).put("description", tool.description())
                        .put("strict", false).set("parameters", OfferedTools.parameters(tool));
            }
        }
        body.put("stream", true).put("store", false);
        if (request.maxOutputTokens() > 0) {
            body.put("max_output_tokens", request.maxOutputTokens());
        }
        return body;
    }

    /**
     * Text and tool calls become input items in their order: consecutive text blocks one message,
     * each call a {@code function_call} item. Thinking is not sent back: only the encrypted reasoning
     * items of a stored or {@code include}d response could be, and this adapter keeps neither.
     */
    private static void addAssistant(ArrayNode input, Message message) {
        StringBuilder text = new StringBuilder();
        for (ContentBlock block : message.content()) {
            if (block instanceof ContentBlock.Text(String piece)) {
                text.append(piece);
            } else if (block instanceof ContentBlock.ToolCall(String id, String name, String arguments)) {
                addText(input, "assistant", "output_text", text.toString());
                text.setLength(0);
                input.addObject().put("type", "function_call").put("call_id", id).put("name", name).put("arguments", arguments);
            }
        }
        addText(input, "assistant", "output_text", text.toString());
    }

    /** A message item with one text part; nothing for empty text, which the API refuses. */
    private static void addText(ArrayNode input, String role, String partType, String text) {
        if (!text.isEmpty()) {
            input.addObject().put("role", role).putArray("content").addObject().put("type", partType).put("text", text);
        }
    }

    private static void addToolResults(ArrayNode input, Message message) {
        for (ContentBlock block : message.content()) {
            if (block instanceof ContentBlock.ToolResult(String toolCallId, String content, var _)) {
                input.addObject().put("type", "function_call_output").put("call_id", toolCallId).put("output", content);
            }
        }
    }
}
