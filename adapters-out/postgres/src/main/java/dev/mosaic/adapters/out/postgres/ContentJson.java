package dev.mosaic.adapters.out.postgres;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mosaic.domain.conversation.ContentBlock;
import java.util.ArrayList;
import java.util.List;

/**
 * The stored form of a message's content blocks, a JSON array of objects tagged by {@code type}:
 * <pre>
 * {"type":"text","text":..}
 * {"type":"thinking","text":..,"signature":..}
 * {"type":"tool_call","id":..,"name":..,"arguments":..}
 * {"type":"tool_result","toolCallId":..,"content":..,"isError":..}
 * </pre>
 * A tool call's arguments are kept as the JSON text the model produced, in a string: the model's
 * text may be malformed or cut off, and jsonb would reformat valid text anyway, while providers
 * expect it back verbatim.
 */
final class ContentJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ContentJson() {
    }

    static String write(List<ContentBlock> blocks) {
        ArrayNode array = JSON.createArrayNode();
        for (ContentBlock block : blocks) {
            array.add(switch (block) {
                case ContentBlock.Text(String text) -> tagged("text").put("text", storable(text));
                case ContentBlock.Thinking(String text, String signature) ->
                        tagged("thinking").put("text", storable(text)).put("signature", storable(signature));
                case ContentBlock.ToolCall(String id, String name, String arguments) -> tagged("tool_call")
                        .put("id", storable(id)).put("name", storable(name)).put("arguments", storable(arguments));
                case ContentBlock.ToolResult(String toolCallId, String content, boolean isError) -> tagged("tool_result")
                        .put("toolCallId", storable(toolCallId)).put("content", storable(content)).put("isError", isError);
            });
        }
        return array.toString();
    }

    /** PostgreSQL cannot store U+0000 in jsonb; a model that emits one must not cost the reply. */
    private static String storable(String text) {
        return text == null ? null : text.replace('\0', '\uFFFD');
    }

    static List<ContentBlock> read(String json) {
        JsonNode array;
        try {
            array = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored message content is not JSON", e);
        }
        List<ContentBlock> blocks = new ArrayList<>(array.size());
        for (JsonNode block : array) {
            String type = block.path("type").asText();
            blocks.add(switch (type) {
                case "text" -> new ContentBlock.Text(text(block, "text"));
                case "thinking" -> new ContentBlock.Thinking(text(block, "text"), text(block, "signature"));
                case "tool_call" -> new ContentBlock.ToolCall(text(block, "id"), text(block, "name"), text(block, "arguments"));
                case "tool_result" -> new ContentBlock.ToolResult(text(block, "toolCallId"), text(block, "content"),
                        block.path("isError").asBoolean());
                default -> throw new IllegalStateException("stored message content has a block of unknown type '" + type + "'");
            });
        }
        return List.copyOf(blocks);
    }

    private static ObjectNode tagged(String type) {
        return JSON.createObjectNode().put("type", type);
    }

    private static String text(JsonNode block, String field) {
        JsonNode value = block.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
