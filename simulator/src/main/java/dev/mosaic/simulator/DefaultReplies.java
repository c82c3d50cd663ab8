package dev.mosaic.simulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The answer given when no reply is scripted: a labelled echo of the conversation, so a person can
 * see what context the gateway sent, changed by {@code #sim:} directives in the user's last message.
 */
final class DefaultReplies {
    static final int QUOTE_LIMIT = 200;
    static final int DIRECTIVE_FAILURE_AFTER_CHUNKS = 3;
    static final Duration SLOW_TOKEN_DELAY = Duration.ofMillis(200);

    private static final Pattern ERROR_DIRECTIVE = Pattern.compile("#sim:error-(\\d{3})");
    private static final Pattern WORD = Pattern.compile("\\s*\\S+\\s*$|\\s*\\S+|\\s+");

    private DefaultReplies() {}

    static Reply answer(ReceivedMessages received) {
        String text = "(simulated reply) You said: \"" + quote(received.lastUserText()) + "\". This conversation has "
                + received.dialogueMessages() + (received.dialogueMessages() == 1 ? " message." : " messages.");
        Reply reply = Reply.text(words(text).toArray(String[]::new));
        if (!received.endsWithUser()) {
            return reply;
        }
        String said = received.lastUserText();
        Matcher error = ERROR_DIRECTIVE.matcher(said);
        if (error.find()) {
            int status = Integer.parseInt(error.group(1));
            if (status >= 400 && status <= 599) {
                Reply failure = Reply.httpError(status, OpenAiErrors.forStatus(status));
                return status == 429 ? failure.withHeader("retry-after", "1") : failure;
            }
        }
        if (said.contains("#sim:think")) {
            String thought = "The person wrote " + said.length() + " characters; I will repeat their words back to them.";
            reply = reply.withThinking(words(thought).toArray(String[]::new));
        }
        if (said.contains("#sim:tool")) {
            reply = reply.withToolCall("call_sim_weather", "get_weather", "{\"city\":", "\"Paris\"}");
        }
        if (said.contains("#sim:slow")) {
            reply = reply.withTokenDelay(SLOW_TOKEN_DELAY);
        }
        if (said.contains("#sim:midstream-error")) {
            reply = reply.midStreamError(DIRECTIVE_FAILURE_AFTER_CHUNKS, "The server had an error while processing your"
                    + " request (simulated by #sim:midstream-error).");
        } else if (said.contains("#sim:hang")) {
            reply = reply.hang(DIRECTIVE_FAILURE_AFTER_CHUNKS);
        } else if (said.contains("#sim:truncate")) {
            reply = reply.truncate(DIRECTIVE_FAILURE_AFTER_CHUNKS);
        }
        return reply;
    }

    /** The user's text, cut to {@value #QUOTE_LIMIT} characters (never inside a surrogate pair). */
    static String quote(String said) {
        if (said.length() <= QUOTE_LIMIT) {
            return said;
        }
        int end = Character.isHighSurrogate(said.charAt(QUOTE_LIMIT - 1)) ? QUOTE_LIMIT - 1 : QUOTE_LIMIT;
        return said.substring(0, end) + "…";
    }

    /** Splits text into word-sized chunks that join back to exactly the text, like a model's tokens. */
    static List<String> words(String text) {
        List<String> chunks = new ArrayList<>();
        Matcher word = WORD.matcher(text);
        while (word.find()) {
            chunks.add(word.group());
        }
        return chunks;
    }
}
