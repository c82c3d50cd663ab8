package dev.mosaic.adapters.in.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mosaic.application.port.in.ContinueConversationUseCase.Turn;
import dev.mosaic.application.tool.ToolSpec;
import dev.mosaic.domain.conversation.ContentBlock;
import java.util.ArrayList;
import java.util.List;

/**
 * A Chat Completions request, as far as the gateway uses it: the model asked for, whether to
 * stream, the tools the client declares, and the conversation's turns. The gateway answers the
 * last message, which must be the user's; or the {@code tool} messages that end the request, which
 * bring the results of the calls the previous answer ended with. The turns before are what the
 * client believes the conversation holds.
 *
 * @param text the user's message; empty when the request brings tool results
 * @param results the results the request ends with, in order; empty when it ends with the user's message
 */
record OpenAiChatRequest(String model, boolean stream, boolean includeUsage, List<Turn> history, String text,
        List<ContentBlock.ToolResult> results, List<ToolSpec> tools) {

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
        List<ContentBlock.ToolResult> results = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            JsonNode message = messages.get(i);
            String role = message.path("role").asText();
            String field = "messages[" + i + "]";
            if (!role.equals("tool")) {
                results.clear();
            }
            switch (role) {
                case "user" -> turns.add(new Turn(role, text(message.path("content"), field)));
                case "assistant" -> turns.add(new Turn(role, message.path("content").isNull()
                        || message.path("content").isMissingNode() ? "" : text(message.path("content"), field),
                        callIds(message.path("tool_calls"), field)));
                case "tool" -> {
                    JsonNode id = message.path("tool_call_id");
                    if (!id.isTextual() || id.asText().isBlank()) {
                        throw new ChatApis.Invalid(field + ".tool_call_id", "is required: the id of the call it answers");
                    }
                    results.add(new ContentBlock.ToolResult(id.asText(), text(message.path("content"), field), false));
                    // One turn for the results of one answer's calls, as the gateway stores them.
                    List<String> ids = results.stream().map(ContentBlock.ToolResult::toolCallId).toList();
                    if (results.size() > 1) {
                        turns.removeLast();
                    }
                    turns.add(new Turn(role, "", ids));
                }
                case "system", "developer" -> throw new ChatApis.Invalid(field + ".role", role
                        + " messages are not taken: the conversation's agent sets the instructions (/agent)");
                default -> throw new ChatApis.Invalid(field + ".role", "must be user, assistant or tool");
            }
        }
        Turn last = turns.removeLast();
        if (last.role().equals("assistant")) {
            throw new ChatApis.Invalid("messages", "the last message must be the user's, or tool results");
        }
        JsonNode stream = body.path("stream");
        if (!stream.isMissingNode() && !stream.isNull() && !stream.isBoolean()) {
            throw new ChatApis.Invalid("stream", "must be true or false");
        }
        return new OpenAiChatRequest(model.asText(), stream.asBoolean(false),
                body.path("stream_options").path("include_usage").asBoolean(false), List.copyOf(turns),
                last.role().equals("user") ? last.text() : "", List.copyOf(results), tools(body));
    }

    /** The ids of an assistant message's tool calls, in order. */
    private static List<String> callIds(JsonNode calls, String field) throws ChatApis.Invalid {
        if (calls.isMissingNode() || calls.isNull()) {
            return List.of();
        }
        if (!calls.isArray()) {
            throw new ChatApis.Invalid(field + ".tool_calls", "must be a list");
        }
        List<String> ids = new ArrayList<>();
        for (JsonNode call : calls) {
            if (!call.path("id").isTextual()) {
                throw new ChatApis.Invalid(field + ".tool_calls", "every call has its id");
            }
            ids.add(call.path("id").asText());
        }
        return ids;
    }

    /**
     * The tools the client declares, offered to the model unless {@code tool_choice} is {@code none}.
     * Forcing a call ({@code required}, or a named function) is not something every provider the
     * gateway routes to can do, so it is refused rather than ignored.
     */
    private static List<ToolSpec> tools(JsonNode body) throws ChatApis.Invalid {
        JsonNode choice = body.path("tool_choice");
        if (!choice.isMissingNode() && !choice.isNull() && !(choice.isTextual()
                && (choice.asText().equals("auto") || choice.asText().equals("none")))) {
            throw new ChatApis.Invalid("tool_choice", "only auto and none are taken: routing may choose a model"
                    + " that cannot be made to call a tool");
        }
        JsonNode tools = body.path("tools");
        if (tools.isMissingNode() || tools.isNull() || choice.asText().equals("none")) {
            return List.of();
        }
        if (!tools.isArray()) {
            throw new ChatApis.Invalid("tools", "must be a list of functions");
        }
        List<ToolSpec> specs = new ArrayList<>();
        for (int i = 0; i < tools.size(); i++) {
            JsonNode function = tools.get(i).path("function");
            String field = "tools[" + i + "]";
            if (!tools.get(i).path("type").asText().equals("function") || !function.path("name").isTextual()) {
                throw new ChatApis.Invalid(field, "a tool is {\"type\":\"function\",\"function\":{\"name\":…}}");
            }
            JsonNode parameters = function.path("parameters");
            try {
                specs.add(new ToolSpec(function.path("name").asText(), function.path("description").asText(""),
                        parameters.isObject() ? parameters.toString() : "{\"type\":\"object\",\"properties\":{}}"));
            } catch (IllegalArgumentException e) {
                throw new ChatApis.Invalid(field + ".function", e.getMessage());
            }
        }
        return specs;
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
