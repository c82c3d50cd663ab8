package dev.mosaic.adapters.out.providers.openai;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mosaic.adapters.out.providers.HistoryNormaliser;
import dev.mosaic.adapters.out.providers.OfferedTools;
import dev.mosaic.application.port.out.provider.ChatRequest;
import dev.mosaic.domain.conversation.ContentBlock;
import dev.mosaic.domain.conversation.Message;
import java.util.ArrayList;
import java.util.List;

/** Turns a neutral {@link ChatRequest} into a streaming Chat Completions request body. */
final class ChatCompletionsRequests {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ChatCompletionsRequests() {}

    /** @param providerId this provider's id, as the messages it wrote name it */
    static ObjectNode body(ChatRequest request, String providerId) {
        ObjectNode body = JSON.createObjectNode().put("model", request.model());
        ArrayNode messages = body.putArray("messages");
        if (!request.systemPrompt().isBlank()) {
            messages.addObject().put("role", "system").put("content", request.systemPrompt());
        }
        for (Message message : HistoryNormaliser.normalise(request, providerId)) {
            switch (message.role()) {
                case USER -> messages.addObject().put("role", "user").put("content", message.text());
                case ASSISTANT -> addAssistant(messages, message);
                case TOOL -> addToolResults(messages, message);
            }
        }
        OfferedTools.addAsFunctions(body, request.tools());
        body.put("stream", true);
        body.putObject("stream_options").put("include_usage", true);
        if (request.maxOutputTokens() > 0) {
            body.put("max_completion_tokens", request.maxOutputTokens());
        }
        return body;
    }

    /**
     * Thinking is not sent back (the protocol has no field for it). A reply with neither text nor
     * tool calls, such as one that failed before its first token, is left out: providers reject it.
     */
    private static void addAssistant(ArrayNode messages, Message message) {
        String text = message.text();
        List<ContentBlock.ToolCall> calls = new ArrayList<>();
        for (ContentBlock block : message.content()) {
            if (block instanceof ContentBlock.ToolCall call) {
                calls.add(call);
            }
        }
        if (text.isEmpty() && calls.isEmpty()) {
            return;
        }
        ObjectNode assistant = messages.addObject().put("role", "assistant");
        if (text.isEmpty()) {
            assistant.putNull("content");
        } else {
            assistant.put("content", text);
        }
        if (!calls.isEmpty()) {
            ArrayNode toolCalls = assistant.putArray("tool_calls");
            for (ContentBlock.ToolCall call : calls) {
                ObjectNode node = toolCalls.addObject().put("id", call.id()).put("type", "function");
                node.putObject("function").put("name", call.name()).put("arguments", call.argumentsJson());
            }
        }
    }

    /** The protocol wants one {@code tool} message per result. */
    private static void addToolResults(ArrayNode messages, Message message) {
        for (ContentBlock block : message.content()) {
            if (block instanceof ContentBlock.ToolResult result) {
                messages.addObject().put("role", "tool").put("tool_call_id", result.toolCallId())
                        .put("content", result.content());
            }
        }
    }
}
