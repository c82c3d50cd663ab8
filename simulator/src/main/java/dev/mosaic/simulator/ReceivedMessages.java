package dev.mosaic.simulator;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What the simulator needs to know about the conversation in a chat request, whatever its protocol.
 *
 * @param lastUserText the text of the last {@code user} message, "" when there is none
 * @param dialogueMessages how many {@code user} and {@code assistant} messages there are
 * @param totalChars the characters of every message's text, the basis of the prompt token estimate
 * @param endsWithUser whether the last message is the user's (directives apply only then, so that a
 *     tool result sent back after {@code #sim:tool} gets a normal answer instead of another call)
 */
record ReceivedMessages(String lastUserText, int dialogueMessages, int totalChars, boolean endsWithUser) {

    /** Chat Completions and Ollama {@code messages}: a role and a string or a list of text parts each. */
    static ReceivedMessages of(JsonNode messages) {
        Builder builder = new Builder();
        for (JsonNode message : messages) {
            builder.add(message.path("role").asText(""), text(message.path("content")));
        }
        return builder.build();
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

        /** A message; {@code user} and {@code assistant} ones are dialogue, others (system, tool) only add text. */
        Builder add(String role, String text) {
            chars += text.length();
            if (role.equals("user") || role.equals("assistant")) {
                dialogue++;
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

        ReceivedMessages build() {
            return new ReceivedMessages(lastUserText, dialogue, chars, lastRole.equals("user"));
        }
    }
}
