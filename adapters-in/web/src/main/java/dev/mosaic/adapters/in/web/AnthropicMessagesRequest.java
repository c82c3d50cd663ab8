package dev.mosaic.adapters.in.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mosaic.application.port.in.ContinueConversationUseCase.Turn;
import java.util.ArrayList;
import java.util.List;

/**
 * A Messages API request, as far as the gateway uses it: the model asked for, whether to stream,
 * and the conversation's turns. The gateway answers the last message, which must be the user's; its
 * text blocks reach the model as paragraphs. The turns before it are what the client believes the
 * conversation holds. Fields are named as Anthropic's errors name them ({@code messages.0.content}).
 */
record AnthropicMessagesRequest(String model, boolean stream, List<Turn> history, List<String> text) {

    static AnthropicMessagesRequest parse(JsonNode body) throws ChatApis.Invalid {
        if (!body.isObject()) {
            throw new ChatApis.Invalid("body", "a JSON object is expected");
        }
        JsonNode model = body.path("model");
        if (!model.isTextual() || model.asText().isBlank()) {
            throw new ChatApis.Invalid("model", "is required: a model id of this gateway, or auto to let routing decide");
        }
        JsonNode maxTokens = body.path("max_tokens");
        if (!maxTokens.isMissingNode() && !(maxTokens.canConvertToLong() && maxTokens.isIntegralNumber()
                && maxTokens.asLong() >= 1)) {
            throw new ChatApis.Invalid("max_tokens", "must be a whole number of at least 1");
        }
        if (!text(body.path("system"), "system", true).isBlank()) {
            throw new ChatApis.Invalid("system", "is not taken: the conversation's agent sets the instructions (/agent)");
        }
        JsonNode tools = body.path("tools");
        if (!tools.isMissingNode() && !tools.isNull() && !tools.isEmpty()) {
            throw new ChatApis.Invalid("tools", "are not taken by this endpoint yet");
        }
        JsonNode metadata = body.path("metadata");
        if (!metadata.isMissingNode() && !metadata.isNull() && !metadata.isObject()) {
            throw new ChatApis.Invalid("metadata", "must be an object");
        }
        JsonNode stream = body.path("stream");
        if (!stream.isMissingNode() && !stream.isNull() && !stream.isBoolean()) {
            throw new ChatApis.Invalid("stream", "must be true or false");
        }
        JsonNode messages = body.path("messages");
        if (!messages.isArray() || messages.isEmpty()) {
            throw new ChatApis.Invalid("messages", "is required: a non-empty list ending with the user's message");
        }
        List<Turn> turns = new ArrayList<>();
        List<String> last = List.of();
        for (int i = 0; i < messages.size(); i++) {
            JsonNode message = messages.get(i);
            String role = message.path("role").asText();
            String field = "messages." + i;
            if (!role.equals("user") && !role.equals("assistant")) {
                throw new ChatApis.Invalid(field + ".role", "must be user or assistant");
            }
            last = blocks(message.path("content"), field + ".content", false);
            turns.add(new Turn(role, String.join("\n\n", last)));
        }
        if (!turns.removeLast().role().equals("user")) {
            throw new ChatApis.Invalid("messages", "the last message must be the user's");
        }
        return new AnthropicMessagesRequest(model.asText(), stream.asBoolean(false), List.copyOf(turns), last);
    }

    /** A string, or text blocks read as paragraphs; {@code optional}: absent reads as no text. */
    private static String text(JsonNode content, String field, boolean optional) throws ChatApis.Invalid {
        if (optional && (content.isMissingNode() || content.isNull())) {
            return "";
        }
        return String.join("\n\n", blocks(content, field, optional));
    }

    private static List<String> blocks(JsonNode content, String field, boolean optional) throws ChatApis.Invalid {
        if (content.isTextual()) {
            return List.of(content.asText());
        }
        if (!content.isArray() || (!optional && content.isEmpty())) {
            throw new ChatApis.Invalid(field, "must be a string or a non-empty list of text blocks");
        }
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < content.size(); i++) {
            JsonNode block = content.get(i);
            if (!block.path("type").asText().equals("text") || !block.path("text").isTextual()) {
                throw new ChatApis.Invalid(field + "." + i, "only text blocks are taken (type text, with its text)");
            }
            texts.add(block.path("text").asText());
        }
        return texts;
    }
}
