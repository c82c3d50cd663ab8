package dev.mosaic.adapters.out.providers.anthropic;

import static dev.mosaic.adapters.out.providers.ReplyBuilder.tokens;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mosaic.adapters.out.providers.ProviderErrors;
import dev.mosaic.adapters.out.providers.StreamDecoder;
import dev.mosaic.application.port.out.provider.ChatStreamListener;
import dev.mosaic.application.port.out.provider.ProviderReply;
import dev.mosaic.domain.conversation.StopReason;
import dev.mosaic.domain.conversation.Usage;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Builds one reply from Messages stream events as they arrive: {@code message_start}, then per
 * content block {@code content_block_start}, its deltas and {@code content_block_stop}, then
 * {@code message_delta} and {@code message_stop}. Block types, delta types and event types it does
 * not know (the API adds some over time) are ignored, as are {@code redacted_thinking} blocks, which
 * carry nothing readable. A tool call is identified by its block's index in the message. A refusal
 * adds a note saying so to the reply.
 */
final class MessagesAssembler extends StreamDecoder {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The type of each content block by index, so that a delta only ever extends a block of its kind. */
    private final Map<Integer, String> blockTypes = new HashMap<>();
    private StopReason stopReason;
    private long inputTokens;
    private long cacheCreationTokens;
    private long cacheReadTokens;
    private long outputTokens;

    MessagesAssembler(String requestedModel, ChatStreamListener listener, ProviderErrors errors) {
        super(requestedModel, listener, errors);
    }

    @Override
    public ProviderReply accept(String type, String data) throws IOException {
        JsonNode event = JSON.readTree(data);
        // The data repeats the SSE event name; going by the data keeps working if a proxy drops the name.
        switch (event.path("type").asText(type == null ? "" : type)) {
            case "message_start" -> {
                reply.model(event.path("message").path("model").asText(""));
                usage(event.path("message").path("usage"));
            }
            case "content_block_start" -> startBlock(event.path("index").asInt(-1), event.path("content_block"));
            case "content_block_delta" -> delta(event.path("index").asInt(-1), event.path("delta"));
            case "message_delta" -> {
                JsonNode reason = event.path("delta").path("stop_reason");
                if (reason.isTextual()) {
                    stopReason = stopReason(reason.asText());
                    if (stopReason == StopReason.REFUSAL) {
                        refusal(event.path("delta").path("stop_details"));
                    }
                }
                usage(event.path("usage"));
            }
            case "message_stop" -> {
                return reply.complete(stopReason != null ? stopReason
                        : reply.hasToolCalls() ? StopReason.TOOL_USE : StopReason.END_TURN);
            }
            case "error" -> {
                return reply.fail(AnthropicErrors.inStream(errors, event.path("error")));
            }
            default -> {
                // ping, content_block_stop, and event types added after this was written.
            }
        }
        return null;
    }

    @Override
    public ProviderReply endOfStream() {
        return reply.fail(errors.endedEarly("no message_stop"));
    }

    private void startBlock(int index, JsonNode block) {
        String type = block.path("type").asText("");
        blockTypes.put(index, type);
        // Each block is its own: two thinking blocks in a row each keep their signature.
        reply.endBlock();
        switch (type) {
            case "text" -> reply.text(block.path("text").asText(""));
            case "thinking" -> {
                reply.thinking(block.path("thinking").asText(""));
                reply.signature(block.path("signature").asText(""));
            }
            case "tool_use" -> reply.startToolCall(index, block.path("id").asText(""), block.path("name").asText(""));
            default -> {
                // redacted_thinking, server tools and their results, block types added later.
            }
        }
    }

    private void delta(int index, JsonNode delta) {
        String blockType = blockTypes.getOrDefault(index, "");
        switch (delta.path("type").asText("")) {
            case "text_delta" -> {
                if (blockType.equals("text")) {
                    reply.text(delta.path("text").asText(""));
                }
            }
            case "thinking_delta" -> {
                if (blockType.equals("thinking")) {
                    reply.thinking(delta.path("thinking").asText(""));
                }
            }
            case "signature_delta" -> {
                if (blockType.equals("thinking")) {
                    reply.signature(delta.path("signature").asText(""));
                }
            }
            // The pieces of the input JSON are kept as they come; only started tool calls take them.
            case "input_json_delta" -> reply.toolCallArguments(index, delta.path("partial_json").asText(""));
            default -> {
                // citations_delta and delta types added later.
            }
        }
    }

    /**
     * A refusal cuts the reply off, often mid-sentence; the details ({@code stop_details}, with a
     * policy category and an explanation, each possibly null) say why. Both are relayed and kept as a
     * note of their own after what was written, so that the person sees why the reply stopped.
     */
    private void refusal(JsonNode details) {
        String category = details.path("category").asText("");
        String explanation = details.path("explanation").asText("").strip();
        reply.notice("[" + errors.providerId() + " declined to continue" + (category.isEmpty() ? "" : " (" + category + ")")
                + (explanation.isEmpty() ? "" : ": " + explanation) + "]");
    }

    /**
     * Usage is cumulative: a count that is present replaces the one known so far. The input of a
     * prompt that used the cache is split three ways; the gateway counts the whole prompt as input.
     */
    private void usage(JsonNode reported) {
        if (!reported.isObject()) {
            return;
        }
        inputTokens = replace(reported.path("input_tokens"), inputTokens);
        cacheCreationTokens = replace(reported.path("cache_creation_input_tokens"), cacheCreationTokens);
        cacheReadTokens = replace(reported.path("cache_read_input_tokens"), cacheReadTokens);
        outputTokens = replace(reported.path("output_tokens"), outputTokens);
        reply.usage(new Usage(inputTokens + cacheCreationTokens + cacheReadTokens, outputTokens, cacheReadTokens));
    }

    private static long replace(JsonNode count, long known) {
        return count.isNumber() ? tokens(count) : known;
    }

    /**
     * {@code pause_turn} (a server tool paused a long turn) ends this reply normally. A reply cut off
     * by {@code model_context_window_exceeded} is, like one cut by {@code max_tokens}, a complete but
     * truncated answer rather than a failed request, so it maps to {@link StopReason#MAX_TOKENS}.
     */
    private static StopReason stopReason(String reason) {
        return switch (reason) {
            case "max_tokens", "model_context_window_exceeded" -> StopReason.MAX_TOKENS;
            case "stop_sequence" -> StopReason.STOP_SEQUENCE;
            case "tool_use" -> StopReason.TOOL_USE;
            case "refusal" -> StopReason.REFUSAL;
            default -> StopReason.END_TURN;
        };
    }
}
