package dev.mosaic.simulator;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What the simulator needs to know about the {@code messages} of a chat request.
 *
 * @param lastUserText the text of the last {@code user} message, "" when there is none
 * @param dialogueMessages how many {@code user} and {@code assistant} messages there are
 * @param totalChars the characters of every message's text, the basis of the prompt token estimate
 * @param endsWithUser whether the last message is the user's (directives apply only then, so that a
 *     tool result sent back after {@code #sim:tool} gets a normal answer instead of another call)
 */
record ReceivedMessages(String lastUserText, int dialogueMessages, int totalChars, boolean endsWithUser) {

    static ReceivedMessages of(JsonNode messages) {
        String lastUserText = "";
        int dialogue = 0;
        int chars = 0;
        String lastRole = "";
        for (JsonNode message : messages) {
            String role = message.path("role").asText("");
            String text = text(message.path("content"));
            chars += text.length();
            if (role.equals("user") || role.equals("assistant")) {
                dialogue++;
            }
            if (role.equals("user")) {
                lastUserText = text;
            }
            lastRole = role;
        }
        return new ReceivedMessages(lastUserText, dialogue, chars, lastRole.equals("user"));
    }

    /** Rough token count of the prompt: four characters a token, at least one. */
    int promptTokens() {
        return Math.max(1, totalChars / 4);
    }

    /** Content is a string, or (in newer clients) an array of parts of which the text ones count. */
    private static String text(JsonNode content) {
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder out = new StringBuilder();
        if (content.isArray()) {
            for (JsonNode part : content) {
                if (part.path("type").asText().equals("text")) {
                    out.append(part.path("text").asText(""));
                }
            }
        }
        return out.toString();
    }
}
