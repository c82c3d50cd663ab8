package dev.mosaic.adapters.out.providers.ollama;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mosaic.adapters.out.providers.HistoryNormaliser;
import dev.mosaic.adapters.out.providers.OfferedTools;
import dev.mosaic.adapters.out.providers.ToolArguments;
import dev.mosaic.application.port.out.provider.ChatRequest;
import dev.mosaic.domain.conversation.ContentBlock;
import dev.mosaic.domain.conversation.Message;
import java.util.HashMap;
import java.util.Map;

/** Turns a neutral {@link ChatRequest} into a streaming {@code /api/chat} request body. */
final class OllamaRequests {
    private static final ObjectMapper JSON = new ObjectMapper();

    private OllamaRequests() {}

    /** @param providerId this provider's id, as the messages it wrote name it */
    static ObjectNode body(ChatRequest request, String providerId) {
        ObjectNode body = JSON.createObjectNode().put("model", request.model());
        ArrayNode messages = body.putArray("messages");
        if (!request.systemPrompt().isBlank()) {
            messages.addObject().put("role", "system").put("content", request.systemPrompt());
        }
        // Older versions match a result to its call by the tool's name only; newer ones by its id, which parallel calls of one tool need.
        Map<String, String> toolNames = new HashMap<>();
        for (Message message : HistoryNormaliser.normalise(request, providerId)) {
            switch (message.role()) {
                case USER -> messages.addObject().put("role", "user").put("content", message.text());
                case ASSISTANT -> addAssistant(messages, message, toolNames);
                case TOOL -> addToolResults(messages, message, toolNames);
            }
        }
        OfferedTools.addAsFunctions(body, request.tools());
        body.put("stream", true);
        if (request.maxOutputTokens() > 0) {
            body.putObject("options").put("num_predict", request.maxOutputTokens());
        }
        return body;
    }

    /**
     * Thinking goes back in its own field, which thinking models read. A reply with neither text
     * nor tool calls, such as one that failed before its first token, is left out.
     */
    private static void addAssistant(ArrayNode messages, Message message, Map<String, String> toolNames) {
        StringBuilder thinking = new StringBuilder();
        ArrayNode calls = JSON.createArrayNode();
        for (ContentBlock block : message.content()) {
            if (block instanceof ContentBlock.Thinking(String text, var _)) {
                thinking.append(text);
            } else if (block instanceof ContentBlock.ToolCall(String id, String name, String arguments)) {
                toolNames.put(id, name);
                ObjectNode function = calls.addObject().put("id", id).putObject("function").put("name", name);
                function.set("arguments", ToolArguments.asObject(arguments));
            }
        }
        String text = message.text();
        if (text.isEmpty() && calls.isEmpty()) {
            return;
        }
        ObjectNode assistant = messages.addObject().put("role", "assistant").put("content", text);
        if (!thinking.isEmpty()) {
            assistant.put("thinking", thinking.toString());
        }
        if (!calls.isEmpty()) {
            assistant.set("tool_calls", calls);
        }
    }

    /** One {@code tool} message per result, naming the call it answers both ways. */
    private static void addToolResults(ArrayNode messages, Message message, Map<String, String> toolNames) {
        for (ContentBlock block : message.content()) {
            if (block instanceof ContentBlock.ToolResult(String toolCallId, String content, var _)) {
                messages.addObject().put("role", "tool").put("content", content).put("tool_name", toolNames.get(toolCallId))
                        .put("tool_call_id", toolCallId);
            }
        }
    }
}
