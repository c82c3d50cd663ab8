package dev.mosaic.adapters.out.providers.ollama;

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

/**
 * Builds one reply from {@code /api/chat} lines as they arrive: pieces of {@code message.content}
 * and {@code message.thinking}, whole tool calls in {@code message.tool_calls}, and a last line with
 * {@code done:true}, the stop reason and the token counts. Fields it does not know are ignored.
 */
final class OllamaChatAssembler extends StreamDecoder {
    private static final ObjectMapper JSON = new ObjectMapper();

    private int toolCalls;

    OllamaChatAssembler(String requestedModel, ChatStreamListener listener, ProviderErrors errors) {
        super(requestedModel, listener, errors);
    }

    @Override
    public ProviderReply accept(String type, String line) throws IOException {
        JsonNode chunk = JSON.readTree(line);
        JsonNode error = chunk.path("error");
        if (!error.isMissingNode() && !error.isNull()) {
            return fail(OllamaErrors.inStream(errors, error));
        }
        reply.model(chunk.path("model").asText(""));
        JsonNode message = chunk.path("message");
        reply.thinking(message.path("thinking").asText(""));
        reply.text(message.path("content").asText(""));
        for (JsonNode call : message.path("tool_calls")) {
            acceptToolCall(call);
        }
        if (!chunk.path("done").asBoolean(false)) {
            return null;
        }
        // Ollama leaves out counts that are 0.
        reply.usage(new Usage(tokens(chunk.path("prompt_eval_count")), tokens(chunk.path("eval_count")), 0));
        return reply.complete(chunk.path("done_reason").asText("").equals("length") ? StopReason.MAX_TOKENS
                : reply.hasToolCalls() ? StopReason.TOOL_USE : StopReason.END_TURN);
    }

    @Override
    public ProviderReply endOfStream() {
        return fail(errors.endedEarly("no last line with done:true"));
    }

    /**
     * A call arrives whole, its arguments an object (passed on as JSON text, in one piece). Older
     * versions give no id, and calls are numbered in the order they come.
     */
    private void acceptToolCall(JsonNode call) {
        int index = toolCalls++;
        JsonNode function = call.path("function");
        reply.startToolCall(index, call.path("id").asText(""), function.path("name").asText(""));
        JsonNode arguments = function.path("arguments");
        reply.toolCallArguments(index, arguments.isTextual() ? arguments.asText()
                : arguments.isContainerNode() ? arguments.toString() : "");
    }
}
