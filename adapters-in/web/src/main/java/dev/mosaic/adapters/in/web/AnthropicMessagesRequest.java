package dev.mosaic.adapters.in.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mosaic.application.port.in.ContinueConversationUseCase.Turn;
import dev.mosaic.application.tool.ToolSpec;
import dev.mosaic.domain.conversation.ContentBlock;
import java.util.ArrayList;
import java.util.List;

/**
 * A Messages API request, as far as the gateway uses it: the model asked for, whether to stream,
 * the tools the client declares, and the conversation's turns. The gateway answers the last
 * message, which must be the user's: its text blocks reach the model as paragraphs, or its
 * {@code tool_result} blocks are the results of the calls the previous answer ended with. The turns
 * before it are what the client believes the conversation holds. Fields are named as Anthropic's
 * errors name them ({@code messages.0.content}).
 *
 * @param text the last message's text blocks; empty when it brings tool results
 * @param results the last message's tool results, in order; empty when it is text
 */
record AnthropicMessagesRequest(String model, boolean stream, List<Turn> history, List<String> text,
        List<ContentBlock.ToolResult> results, List<ToolSpec> tools) {

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
        List<ToolSpec> tools = tools(body);
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
        Content last = null;
        for (int i = 0; i < messages.size(); i++) {
            JsonNode message = messages.get(i);
            String role = message.path("role").asText();
            String field = "messages." + i;
            if (!role.equals("user") && !role.equals("assistant")) {
                throw new ChatApis.Invalid(field + ".role", "must be user or assistant");
            }
            last = content(message.path("content"), field + ".content", role.equals("user"));
            if (!last.results().isEmpty()) {
                // The results of one answer's calls are one turn, as the gateway stores them.
                turns.add(new Turn("tool", "", last.results().stream().map(ContentBlock.ToolResult::toolCallId).toList()));
            }
            if (!last.text().isEmpty() || !last.calls().isEmpty()) {
                turns.add(new Turn(role, String.join("\n\n", last.text()), last.calls()));
            }
            if (role.equals("assistant") && i == messages.size() - 1) {
                throw new ChatApis.Invalid("messages", "the last message must be the user's");
            }
        }
        if (!last.results().isEmpty() && !last.text().isEmpty()) {
            throw new ChatApis.Invalid("messages." + (messages.size() - 1) + ".content",
                    "a message that brings tool results brings nothing else");
        }
        turns.removeLast();
        return new AnthropicMessagesRequest(model.asText(), stream.asBoolean(false), List.copyOf(turns), last.text(),
                last.results(), tools);
    }

    /** A message's text blocks, the ids of its {@code tool_use} blocks, and its {@code tool_result} blocks. */
    private record Content(List<String> text, List<String> calls, List<ContentBlock.ToolResult> results) {}

    /** A message's content: a string, or blocks; only a user's may hold tool results, only an assistant's calls. */
    private static Content content(JsonNode content, String field, boolean user) throws ChatApis.Invalid {
        if (content.isTextual()) {
            return new Content(List.of(content.asText()), List.of(), List.of());
        }
        if (!content.isArray() || content.isEmpty()) {
            throw new ChatApis.Invalid(field, "must be a string or a non-empty list of blocks");
        }
        List<String> texts = new ArrayList<>();
        List<String> calls = new ArrayList<>();
        List<ContentBlock.ToolResult> results = new ArrayList<>();
        for (int i = 0; i < content.size(); i++) {
            JsonNode block = content.get(i);
            String type = block.path("type").asText();
            if (type.equals("text") && block.path("text").isTextual()) {
                texts.add(block.path("text").asText());
            } else if (type.equals("tool_use") && !user && block.path("id").isTextual()) {
                calls.add(block.path("id").asText());
            } else if (type.equals("tool_result") && user && block.path("tool_use_id").isTextual()) {
                results.add(new ContentBlock.ToolResult(block.path("tool_use_id").asText(),
                        text(block.path("content"), field + "." + i + ".content", true),
                        block.path("is_error").asBoolean(false)));
            } else {
                throw new ChatApis.Invalid(field + "." + i, "only text blocks are taken, tool_use blocks (with their id)"
                        + " in an assistant's message and tool_result blocks (with their tool_use_id) in a user's");
            }
        }
        return new Content(texts, calls, results);
    }

    /**
     * The tools the client declares, offered to the model unless {@code tool_choice} is {@code none}.
     * Forcing a call ({@code any}, or a named tool) is not something every provider the gateway
     * routes to can do, so it is refused rather than ignored.
     */
    private static List<ToolSpec> tools(JsonNode body) throws ChatApis.Invalid {
        JsonNode choice = body.path("tool_choice").path("type");
        if (!choice.isMissingNode() && !choice.asText().equals("auto") && !choice.asText().equals("none")) {
            throw new ChatApis.Invalid("tool_choice", "only auto and none are taken: routing may choose a model"
                    + " that cannot be made to use a tool");
        }
        JsonNode tools = body.path("tools");
        if (tools.isMissingNode() || tools.isNull() || choice.asText().equals("none")) {
            return List.of();
        }
        if (!tools.isArray()) {
            throw new ChatApis.Invalid("tools", "must be a list of tools");
        }
        List<ToolSpec> specs = new ArrayList<>();
        for (int i = 0; i < tools.size(); i++) {
            JsonNode tool = tools.get(i);
            String field = "tools." + i;
            if (!tool.path("name").isTextual() || !tool.path("input_schema").isObject()
                    || !(tool.path("type").isMissingNode() || tool.path("type").asText().equals("custom"))) {
                throw new ChatApis.Invalid(field, "a tool is {\"name\":…,\"input_schema\":{…}}; the server tools"
                        + " of Anthropic's API are not taken");
            }
            try {
                specs.add(new ToolSpec(tool.path("name").asText(), tool.path("description").asText(""),
                        tool.path("input_schema").toString()));
            } catch (IllegalArgumentException e) {
                throw new ChatApis.Invalid(field + ".name", e.getMessage());
            }
        }
        return specs;
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
