package dev.mosaic.adapters.out.providers.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mosaic.adapters.out.providers.HistoryNormaliser;
import dev.mosaic.adapters.out.providers.OfferedTools;
import dev.mosaic.adapters.out.providers.ToolArguments;
import dev.mosaic.application.port.out.provider.ChatRequest;
import dev.mosaic.application.tool.ToolSpec;
import dev.mosaic.domain.conversation.ContentBlock;
import dev.mosaic.domain.conversation.Message;
import dev.mosaic.domain.conversation.Role;
import java.util.ArrayList;
import java.util.List;

/** Turns a neutral {@link ChatRequest} into a streaming Messages request body. */
final class MessagesRequests {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EMPTY_ERROR = "The tool failed without output.";

    private MessagesRequests() {}

    /**
     * @param providerId this provider's id, as the messages it wrote name it
     * @param defaultMaxTokens sent when the request leaves the limit to the provider: the API requires one
     * @param preamble the first system block, before the request's own system prompt; null for none
     */
    static ObjectNode body(ChatRequest request, String providerId, int defaultMaxTokens, String preamble) {
        ObjectNode body = JSON.createObjectNode().put("model", request.model())
                .put("max_tokens", request.maxOutputTokens() > 0 ? request.maxOutputTokens() : defaultMaxTokens);
        if (preamble != null) {
            ArrayNode system = body.putArray("system");
            system.addObject().put("type", "text").put("text", preamble);
            if (!request.systemPrompt().isBlank()) {
                system.addObject().put("type", "text").put("text", request.systemPrompt());
            }
        } else if (!request.systemPrompt().isBlank()) {
            body.put("system", request.systemPrompt());
        }
        ArrayNode messages = body.putArray("messages");
        for (Message message : HistoryNormaliser.normalise(request, providerId)) {
            // Tool results travel in a user message.
            add(messages, message.role() == Role.ASSISTANT ? "assistant" : "user", blocks(message));
        }
        if (!request.tools().isEmpty()) {
            ArrayNode tools = body.putArray("tools");
            for (ToolSpec tool : request.tools()) {
                tools.addObject().put("name", tool.name()).put("description", tool.description())
                        .set("input_schema", OfferedTools.parameters(tool));
            }
        }
        body.put("stream", true);
        return body;
    }

    /**
     * Appends to the previous message when it has the same role, since the API wants user and
     * assistant to alternate (tool results then a user's text become one user message, results first
     * as the API requires); a message with nothing to send, such as a reply that failed before its
     * first token, is left out.
     */
    private static void add(ArrayNode messages, String role, List<ObjectNode> blocks) {
        if (blocks.isEmpty()) {
            return;
        }
        JsonNode last = messages.isEmpty() ? null : messages.get(messages.size() - 1);
        ArrayNode content = last != null && role.equals(last.path("role").asText())
                ? (ArrayNode) last.get("content")
                : messages.addObject().put("role", role).putArray("content");
        content.addAll(blocks);
    }

    /**
     * Thinking goes back verbatim with its signature, which the API checks; thinking without one
     * (from another provider or model) cannot be sent. Text that is only whitespace, and an error
     * result without content, are refused by the API.
     */
    private static List<ObjectNode> blocks(Message message) {
        List<ObjectNode> blocks = new ArrayList<>();
        for (ContentBlock block : message.content()) {
            switch (block) {
                case ContentBlock.Text(String text) when !text.isBlank() ->
                        blocks.add(JSON.createObjectNode().put("type", "text").put("text", text));
                case ContentBlock.Thinking(String text, String signature) when signature != null ->
                        blocks.add(JSON.createObjectNode().put("type", "thinking").put("thinking", text).put("signature", signature));
                case ContentBlock.ToolCall(String id, String name, String arguments) -> {
                    ObjectNode use = JSON.createObjectNode().put("type", "tool_use").put("id", id).put("name", name);
                    use.set("input", ToolArguments.asObject(arguments));
                    blocks.add(use);
                }
                case ContentBlock.ToolResult(String toolCallId, String content, boolean isError) -> {
                    ObjectNode result = JSON.createObjectNode().put("type", "tool_result").put("tool_use_id", toolCallId)
                            .put("content", isError && content.isBlank() ? EMPTY_ERROR : content);
                    if (isError) {
                        result.put("is_error", true);
                    }
                    blocks.add(result);
                }
                default -> {
                    // Blank text, or thinking without a signature.
                }
            }
        }
        return blocks;
    }
}
