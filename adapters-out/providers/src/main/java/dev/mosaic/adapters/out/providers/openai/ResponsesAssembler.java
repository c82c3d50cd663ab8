package dev.mosaic.adapters.out.providers.openai;

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
 * Builds one reply from Responses stream events as they arrive. Only the deltas and the terminal
 * events matter: the {@code .done} events repeat what the deltas said, and events it does not know
 * (the API has many, and adds more) are ignored. A tool call is identified by its item's
 * {@code output_index}.
 */
final class ResponsesAssembler extends StreamDecoder {
    private static final ObjectMapper JSON = new ObjectMapper();

    private boolean refused;

    ResponsesAssembler(String requestedModel, ChatStreamListener listener, ProviderErrors errors) {
        super(requestedModel, listener, errors);
    }

    @Override
    public ProviderReply accept(String type, String data) throws IOException {
        if (data.strip().equals("[DONE]")) {
            // Not part of this protocol, but sent by some compatible servers: only a terminal event completes a reply.
            return endOfStream();
        }
        JsonNode event = JSON.readTree(data);
        String delta = event.path("delta").asText("");
        switch (event.path("type").asText(type == null ? "" : type)) {
            case "response.created", "response.in_progress" -> reply.model(event.path("response").path("model").asText(""));
            case "response.output_item.added" -> itemAdded(event.path("output_index").asInt(-1), event.path("item"));
            case "response.output_text.delta" -> reply.text(delta);
            case "response.refusal.delta" -> {
                refused = true;
                reply.text(delta);
            }
            case "response.reasoning_summary_text.delta", "response.reasoning_text.delta" -> reply.thinking(delta);
            case "response.function_call_arguments.delta" -> reply.toolCallArguments(event.path("output_index").asInt(-1), delta);
            // The ChatGPT (Codex) backend ends with response.done.
            case "response.completed", "response.done" -> {
                return finish(event.path("response"), refused ? StopReason.REFUSAL
                        : reply.hasToolCalls() ? StopReason.TOOL_USE : StopReason.END_TURN);
            }
            case "response.incomplete" -> {
                JsonNode response = event.path("response");
                return finish(response, response.path("incomplete_details").path("reason").asText("").equals("content_filter")
                        ? StopReason.CONTENT_FILTER : StopReason.MAX_TOKENS);
            }
            case "response.failed" -> {
                JsonNode response = event.path("response");
                takeModelAndUsage(response);
                return fail(OpenAiErrors.inBand(errors, response.path("error")));
            }
            case "error" -> {
                return fail(OpenAiErrors.inBand(errors, event));
            }
            default -> {
                // Lifecycle events, .done events, annotations, and event types added later.
            }
        }
        return null;
    }

    @Override
    public ProviderReply endOfStream() {
        return fail(errors.endedEarly("no response.completed, response.incomplete or response.failed"));
    }

    /** Each output item is a block of its own; a function call starts with its id and name. */
    private void itemAdded(int outputIndex, JsonNode item) {
        reply.endBlock();
        if (item.path("type").asText("").equals("function_call")) {
            reply.startToolCall(outputIndex, item.path("call_id").asText(""), item.path("name").asText(""));
        }
    }

    private ProviderReply finish(JsonNode response, StopReason stopReason) {
        takeModelAndUsage(response);
        return reply.complete(stopReason);
    }

    /** {@code input_tokens} counts the whole prompt, cached part included. */
    private void takeModelAndUsage(JsonNode response) {
        reply.model(response.path("model").asText(""));
        JsonNode usage = response.path("usage");
        if (usage.isObject()) {
            reply.usage(new Usage(tokens(usage.path("input_tokens")), tokens(usage.path("output_tokens")),
                    tokens(usage.path("input_tokens_details").path("cached_tokens"))));
        }
    }
}
