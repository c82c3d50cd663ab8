package dev.mosaic.adapters.out.providers.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mosaic.application.port.out.provider.ChatStreamEvent;
import dev.mosaic.application.port.out.provider.ChatStreamListener;
import dev.mosaic.application.port.out.provider.ProviderError;
import dev.mosaic.application.port.out.provider.ProviderReply;
import dev.mosaic.domain.conversation.ContentBlock;
import dev.mosaic.domain.conversation.StopReason;
import dev.mosaic.domain.conversation.Usage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds one reply from {@code chat.completion.chunk} objects as they arrive, passing each delta on
 * to the listener. Fields and chunk shapes it does not know are ignored. Not thread-safe: the
 * caller serialises access.
 */
final class ChatCompletionsAssembler {

    private enum Kind { TEXT, THINKING, TOOL_CALL }

    /** A content block being built; blocks keep the order in which their first delta arrived. */
    private static final class Block {
        final Kind kind;
        final StringBuilder text = new StringBuilder();
        final String toolCallId;
        final String toolName;

        Block(Kind kind, String toolCallId, String toolName) {
            this.kind = kind;
            this.toolCallId = toolCallId;
            this.toolName = toolName;
        }
    }

    private final ChatStreamListener listener;
    private final List<Block> blocks = new ArrayList<>();
    private final Map<Integer, Block> toolCallsByIndex = new HashMap<>();
    private String model;
    private StopReason finishReason;
    private Usage usage = Usage.NONE;
    private boolean sawContent;
    private boolean sawRefusal;

    ChatCompletionsAssembler(String requestedModel, ChatStreamListener listener) {
        this.model = requestedModel;
        this.listener = listener;
    }

    /**
     * Takes one chunk. Returns its {@code error} object when the chunk reports an in-band failure
     * (the partial reply is then complete as far as it goes), else null.
     */
    JsonNode accept(JsonNode chunk) {
        if (!chunk.isObject()) {
            return null;
        }
        JsonNode error = chunk.get("error");
        if (error != null && !error.isNull()) {
            return error;
        }
        JsonNode modelName = chunk.get("model");
        if (modelName != null && modelName.isTextual() && !modelName.asText().isBlank()) {
            model = modelName.asText();
        }
        for (JsonNode choice : chunk.path("choices")) {
            // Only one completion is ever asked for (n = 1); other choices would be someone else's.
            if (choice.path("index").asInt(0) == 0) {
                acceptChoice(choice);
            }
        }
        JsonNode reported = chunk.get("usage");
        if (reported != null && reported.isObject()) {
            usage = new Usage(count(reported.path("prompt_tokens")), count(reported.path("completion_tokens")),
                    count(reported.path("prompt_tokens_details").path("cached_tokens")));
        }
        return null;
    }

    /** Whether a {@code finish_reason} arrived, so the reply is whole even if {@code [DONE]} never does. */
    boolean finished() {
        return finishReason != null;
    }

    ProviderReply complete() {
        return new ProviderReply(content(), stopReason(), usage, model, null);
    }

    ProviderReply fail(ProviderError error) {
        return ProviderReply.failed(content(), usage, model, error);
    }

    private void acceptChoice(JsonNode choice) {
        JsonNode delta = choice.path("delta");
        // Z.ai and OpenAI name reasoning "reasoning_content"; OpenRouter and Ollama name it "reasoning".
        JsonNode reasoning = delta.has("reasoning_content") ? delta.get("reasoning_content") : delta.get("reasoning");
        if (reasoning != null && reasoning.isTextual()) {
            appendText(Kind.THINKING, reasoning.asText());
        }
        JsonNode content = delta.get("content");
        if (content != null && content.isTextual() && !content.asText().isEmpty()) {
            sawContent = true;
            appendText(Kind.TEXT, content.asText());
        }
        JsonNode refusal = delta.get("refusal");
        if (refusal != null && refusal.isTextual() && !refusal.asText().isEmpty()) {
            sawRefusal = true;
            appendText(Kind.TEXT, refusal.asText());
        }
        JsonNode toolCalls = delta.get("tool_calls");
        if (toolCalls != null && toolCalls.isArray()) {
            for (int position = 0; position < toolCalls.size(); position++) {
                acceptToolCall(toolCalls.get(position), position);
            }
        }
        JsonNode reason = choice.get("finish_reason");
        if (reason != null && reason.isTextual()) {
            finishReason = switch (reason.asText()) {
                case "length" -> StopReason.MAX_TOKENS;
                case "tool_calls", "function_call" -> StopReason.TOOL_USE;
                case "content_filter" -> StopReason.CONTENT_FILTER;
                default -> StopReason.END_TURN;
            };
        }
    }

    /**
     * Fragments are keyed by {@code index}: the first one of a call carries its id and name, the
     * rest only argument pieces. Vendors that send a whole call at once fit the same path.
     */
    private void acceptToolCall(JsonNode fragment, int position) {
        int index = fragment.path("index").asInt(position);
        JsonNode function = fragment.path("function");
        Block call = toolCallsByIndex.get(index);
        if (call == null) {
            String id = fragment.path("id").asText("");
            call = new Block(Kind.TOOL_CALL, id.isEmpty() ? "call_" + index : id, function.path("name").asText(""));
            toolCallsByIndex.put(index, call);
            blocks.add(call);
            listener.onEvent(new ChatStreamEvent.ToolCallStarted(index, call.toolCallId, call.toolName));
        }
        JsonNode arguments = function.get("arguments");
        // Some vendors send the arguments as a JSON object instead of a string.
        String piece = arguments == null || arguments.isNull() ? ""
                : arguments.isTextual() ? arguments.asText() : arguments.toString();
        if (!piece.isEmpty()) {
            call.text.append(piece);
            listener.onEvent(new ChatStreamEvent.ToolCallDelta(index, piece));
        }
    }

    private void appendText(Kind kind, String text) {
        if (text.isEmpty()) {
            return;
        }
        Block last = blocks.isEmpty() ? null : blocks.getLast();
        if (last == null || last.kind != kind) {
            last = new Block(kind, null, null);
            blocks.add(last);
        }
        last.text.append(text);
        listener.onEvent(kind == Kind.THINKING ? new ChatStreamEvent.ThinkingDelta(text) : new ChatStreamEvent.TextDelta(text));
    }

    private StopReason stopReason() {
        if (sawRefusal && !sawContent) {
            return StopReason.REFUSAL;
        }
        boolean calledTools = !toolCallsByIndex.isEmpty();
        if (finishReason == null || finishReason == StopReason.END_TURN) {
            // Some OpenAI-compatible servers say "stop" (or nothing) after tool calls.
            return calledTools ? StopReason.TOOL_USE : StopReason.END_TURN;
        }
        return finishReason;
    }

    private List<ContentBlock> content() {
        List<ContentBlock> content = new ArrayList<>(blocks.size());
        for (Block block : blocks) {
            content.add(switch (block.kind) {
                case TEXT -> new ContentBlock.Text(block.text.toString());
                case THINKING -> new ContentBlock.Thinking(block.text.toString(), null);
                case TOOL_CALL -> new ContentBlock.ToolCall(block.toolCallId, block.toolName, block.text.toString());
            });
        }
        return content;
    }

    private static long count(JsonNode number) {
        return Math.max(0, number.asLong(0));
    }
}
