package dev.mosaic.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the simulator needs to know about the conversation in a chat request, whatever its protocol.
 *
 * @param lastUserText the text of the last {@code user} message, "" when there is none
 * @param dialogueMessages how many {@code user} and {@code assistant} messages there are
 * @param totalChars the characters of every message's text, the basis of the prompt token estimate
 * @param endsWithUser whether the last message is the user's (directives apply only then, so that a
 *     tool result sent back after a call gets an answer instead of the same call again)
 * @param offeredTools the names of the tools the request offers, in its order
 * @param latestResults the tool results that end the conversation, in their order; empty when it
 *     does not end with results
 */
record ReceivedMessages(String lastUserText, int dialogueMessages, int totalChars, boolean endsWithUser,
        List<String> offeredTools, List<Result> latestResults) {

    ReceivedMessages {
        offeredTools = List.copyOf(offeredTools);
        latestResults = List.copyOf(latestResults);
    }

    /**
     * A tool result as received, named after the tool whose call it answers: by the call id, or the
     * id itself when no call had it, or {@value #UNNAMED} when it has none.
     */
    record Result(String toolName, String content) {}

    static final String UNNAMED = "an unnamed tool";

    /**
     * Chat Completions and Ollama {@code messages}: a role and a string or a list of text parts each;
     * calls in an assistant message's {@code tool_calls}, results in {@code tool} messages naming the
     * call by {@code tool_call_id} or, in Ollama's older way, only the tool by {@code tool_name}.
     */
    static ReceivedMessages of(JsonNode messages, JsonNode tools) {
        Builder builder = new Builder().offer(tools);
        for (JsonNode message : messages) {
            String role = message.path("role").asText("");
            builder.add(role, text(message.path("content")));
            for (JsonNode call : message.path("tool_calls")) {
                builder.call(call.path("id").asText(""), call.path("function").path("name").asText(""));
            }
            if (role.equals("tool")) {
                String name = message.path("tool_name").asText("");
                builder.result(message.path("tool_call_id").asText(""), name, text(message.path("content")));
            }
        }
        return builder.build();
    }

    /**
     * The names of the offered tools: {@code name} in Anthropic's and the Responses API's shape,
     * {@code function.name} in Chat Completions' and Ollama's.
     */
    static List<String> toolNames(JsonNode tools) {
        List<String> names = new ArrayList<>();
        for (JsonNode tool : tools) {
            String name = tool.path("name").asText(tool.path("function").path("name").asText(""));
            if (!name.isEmpty()) {
                names.add(name);
            }
        }
        return names;
    }

    /** Rough token count of the prompt: four characters a token, at least one. */
    int promptTokens() {
        return Math.max(1, totalChars / 4);
    }

    /**
     * Content is a string, or a list of parts of which the text ones count: {@code text} (Chat
     * Completions, Anthropic), {@code input_text} and {@code output_text} (Responses API).
     */
    static String text(JsonNode content) {
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder out = new StringBuilder();
        if (content.isArray()) {
            for (JsonNode part : content) {
                switch (part.path("type").asText()) {
                    case "text", "input_text", "output_text" -> out.append(part.path("text").asText(""));
                    default -> { }
                }
            }
        }
        return out.toString();
    }

    /** Tallies a conversation message by message, so every protocol counts it by the same rules. */
    static final class Builder {
        private String lastUserText = "";
        private int dialogue;
        private int chars;
        private String lastRole = "";
        private final List<String> offered = new ArrayList<>();
        private final Map<String, String> toolNamesByCallId = new HashMap<>();
        private final List<Result> results = new ArrayList<>();

        /** The request's {@code tools}, in any protocol's shape. */
        Builder offer(JsonNode tools) {
            offered.addAll(toolNames(tools));
            return this;
        }

        /**
         * A message; {@code user} and {@code assistant} ones are dialogue, others (system, tool) only
         * add text. Results are only the latest while nothing but results follows them.
         */
        Builder add(String role, String text) {
            chars += text.length();
            if (role.equals("user") || role.equals("assistant")) {
                dialogue++;
                results.clear();
            }
            if (role.equals("user")) {
                lastUserText = text;
            }
            lastRole = role;
            return this;
        }

        /**
         * Part of an assistant turn that the protocol splits into several items (the Responses API's
         * reasoning, message and function call): consecutive parts count as one message, as the same
         * turn does in Chat Completions.
         */
        Builder addAssistantPart(String text) {
            if (lastRole.equals("assistant")) {
                chars += text.length();
                return this;
            }
            return add("assistant", text);
        }

        /** A call the conversation made, so that its result can be named after its tool. */
        Builder call(String id, String toolName) {
            toolNamesByCallId.put(id, toolName);
            return this;
        }

        /** A result, for the call {@code callId} or, when there is no id, of the tool {@code toolName}. */
        Builder result(String callId, String toolName, String content) {
            String name = !toolName.isEmpty() ? toolName
                    : toolNamesByCallId.getOrDefault(callId, callId.isEmpty() ? UNNAMED : callId);
            results.add(new Result(name, content));
            return this;
        }

        ReceivedMessages build() {
            boolean endsWithResults = lastRole.equals("tool");
            return new ReceivedMessages(lastUserText, dialogue, chars, lastRole.equals("user"), offered,
                    endsWithResults ? results : List.of());
        }
    }
}
