package dev.mosaic.adapters.out.providers.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.mosaic.adapters.out.providers.ProviderErrors;
import dev.mosaic.adapters.out.providers.ReplyBuilder;
import dev.mosaic.adapters.out.providers.StreamDecoder;
import dev.mosaic.application.port.out.provider.ChatStreamListener;
import dev.mosaic.application.port.out.provider.ProviderReply;
import dev.mosaic.domain.conversation.StopReason;
import dev.mosaic.domain.conversation.Usage;
import java.io.IOException;

/**
 * Builds one reply from {@code chat.completion.chunk} objects as they arrive, passing each delta on
 * to the listener. Fields and chunk shapes it does not know are ignored.
 */
final class ChatCompletionsAssembler extends StreamDecoder {
    private static final ObjectReader CHUNKS = new ObjectMapper().readerFor(JsonNode.class);

    private final boolean reportsCost;
    private StopReason finishReason;
    private boolean sawContent;
    private boolean sawRefusal;

    /**
     * @param reportsCost whether {@code usage.cost} is what the provider charged, in US dollars:
     *     OpenRouter's, whose credits are dollars; other vendors' fields of that name are not trusted
     */
    ChatCompletionsAssembler(String requestedModel, ChatStreamListener listener, ProviderErrors errors, boolean reportsCost) {
        super(requestedModel, listener, errors);
        this.reportsCost = reportsCost;
    }

    @Override
    public ProviderReply accept(String type, String data) throws IOException {
        if (data.strip().equals("[DONE]")) {
            return reply.complete(stopReason());
        }
        try (MappingIterator<JsonNode> chunks = CHUNKS.readValues(data)) {
            // Normally one chunk; Z.ai has been seen to glue two together in one event.
            while (chunks.hasNextValue()) {
                JsonNode error = acceptChunk(chunks.nextValue());
                if (error != null) {
                    return reply.fail(OpenAiErrors.inBand(errors, error));
                }
            }
        }
        return null;
    }

    /** A finish reason makes the reply whole even if {@code [DONE]} never comes. */
    @Override
    public ProviderReply endOfStream() {
        return finishReason != null ? reply.complete(stopReason())
                : reply.fail(errors.endedEarly("no finish reason, no [DONE]"));
    }

    /** Takes one chunk; returns its {@code error} object when it reports an in-band failure, else null. */
    private JsonNode acceptChunk(JsonNode chunk) {
        if (!chunk.isObject()) {
            return null;
        }
        JsonNode error = chunk.get("error");
        if (error != null && !error.isNull()) {
            return error;
        }
        reply.model(chunk.path("model").asText(""));
        for (JsonNode choice : chunk.path("choices")) {
            // Only one completion is ever asked for (n = 1); other choices would be someone else's.
            if (choice.path("index").asInt(0) == 0) {
                acceptChoice(choice);
            }
        }
        JsonNode reported = chunk.get("usage");
        if (reported != null && reported.isObject()) {
            reply.usage(new Usage(ReplyBuilder.tokens(reported.path("prompt_tokens")),
                    ReplyBuilder.tokens(reported.path("completion_tokens")),
                    ReplyBuilder.tokens(reported.path("prompt_tokens_details").path("cached_tokens"))));
            JsonNode cost = reported.path("cost");
            if (reportsCost && cost.isNumber() && cost.decimalValue().signum() >= 0) {
                reply.reportedCostUsd(cost.decimalValue());
            }
        }
        return null;
    }

    private void acceptChoice(JsonNode choice) {
        JsonNode delta = choice.path("delta");
        // Z.ai and OpenAI name reasoning "reasoning_content"; OpenRouter and Ollama name it "reasoning".
        JsonNode reasoning = delta.has("reasoning_content") ? delta.get("reasoning_content") : delta.get("reasoning");
        if (reasoning != null && reasoning.isTextual()) {
            reply.thinking(reasoning.asText());
        }
        JsonNode content = delta.get("content");
        if (content != null && content.isTextual() && !content.asText().isEmpty()) {
            sawContent = true;
            reply.text(content.asText());
        }
        JsonNode refusal = delta.get("refusal");
        if (refusal != null && refusal.isTextual() && !refusal.asText().isEmpty()) {
            sawRefusal = true;
            reply.text(refusal.asText());
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
        if (!reply.hasToolCall(index)) {
            reply.startToolCall(index, fragment.path("id").asText(""), function.path("name").asText(""));
        }
        JsonNode arguments = function.get("arguments");
        // Some vendors send the arguments as a JSON object instead of a string.
        reply.toolCallArguments(index, arguments == null || arguments.isNull() ? ""
                : arguments.isTextual() ? arguments.asText() : arguments.toString());
    }

    private StopReason stopReason() {
        if (sawRefusal && !sawContent) {
            return StopReason.REFUSAL;
        }
        if (finishReason == null || finishReason == StopReason.END_TURN) {
            // Some OpenAI-compatible servers say "stop" (or nothing) after tool calls.
            return reply.hasToolCalls() ? StopReason.TOOL_USE : StopReason.END_TURN;
        }
        return finishReason;
    }
}
