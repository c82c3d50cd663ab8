package dev.mosaic.adapters.in.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mosaic.application.port.in.ContinueConversationUseCase.Turn;
import java.util.ArrayList;
import java.util.List;

/**
 * A Chat Completions request, as far as the gateway uses it: the model asked for, whether to
 * stream, and the conversation's turns. The gateway answers the last message, which must be the
 * user's; the turns before it are what the client believes the conversation holds.
 */
record OpenAiChatRequest(String model, boolean stream, boolean includeUsage, List<Turn> history, String text) {

    static OpenAiChatRequest parse(JsonNode body) throws ChatApis.Invalid {
        if (!body.isObject()) {
            throw new ChatApis.Invalid("body", "a JSON object is expected");
        }
        JsonNode model = body.path("model");
        if (!model.isTextual() || model.asText().isBlank()) {
            throw new ChatApis.Invalid("model", "is required: a model id, or mosaic/auto to let routing decide");
        }
        JsonNode messages = body.path("messages");
        if (!messages.isArray() || messages.isEmpty()) {
            throw new ChatApis.Invalid("messages", "is required: a non-empty list ending with the user's message");
        }
        List<Turn> turns = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            JsonNode message = messages.get(i);
            String role = message.path("role").asText();
            String field = "messages[" + i + "]";
            switch (role) {
                case "user", "assistant" -> turns.add(new Turn(role, text(message.path("content"), field)));
                case "system", "developer" -> throw new ChatApis.Invalid(field + ".role", role
                        + " messages are not taken: the conversation's agent sets the instructions (/agent)");
                case "tool" -> throw new ChatApis.Invalid(field + ".role", "tool results are not taken by this endpoint yet");
                default -> throw new ChatApis.Invalid(field + ".role", "must be user or assistant");
            }
        }
        Turn last = turns.removeLast();
        if (!last.role().equals("user")) {
            throw new ChatApis.Invalid("messages", "the last message must be the user's");
        }
        JsonNode stream = body.path("stream");
        if (!stream.isMissingNode() && !stream.isNull() && !stream.isBoolean()) {
            throw new ChatApis.Invalid("stream", "must be true or false");
        }
        return new OpenAiChatRequest(model.asText(), stream.asBoolean(false),
                body.path("stream_options").path("include_usage").asBoolean(false), List.copyOf(turns), last.text());
    }

    /** A message's content: a string, or a list of text parts. */
    private static String text(JsonNode content, String field) throws ChatApis.Invalid {
        if (content.isTextual()) {
            return content.asText();
        }
        if (!content.isArray()) {
            throw new ChatApis.Invalid(field + ".content", "must be a string or a list of text parts");
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode part : content) {
            if (!part.path("type").asText().equals("text") || !part.path("text").isTextual()) {
                throw new ChatApis.Invalid(field + ".content", "only text parts are taken");
            }
            text.append(part.path("text").asText());
        }
        return text.toString();
    }
}
