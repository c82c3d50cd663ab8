package dev.mosaic.simulator;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The answer given when no reply is scripted: a labelled echo of the conversation, so a person can
 * see what context the gateway sent, changed by {@code #sim:} directives in the user's last message.
 * After tool results it names each result it got, so that tests can see they arrived.
 */
final class DefaultReplies {
    static final int QUOTE_LIMIT = 200;
    static final int DIRECTIVE_FAILURE_AFTER_CHUNKS = 3;
    static final Duration SLOW_TOKEN_DELAY = Duration.ofMillis(200);

    private static final Pattern ERROR_DIRECTIVE = Pattern.compile("#sim:error-(\\d{3})");
    /** A call directive, the tool it names, and the JSON that may follow as its arguments. */
    private static final Pattern CALL_DIRECTIVE = Pattern.compile("#sim:call(|-broken|-unoffered)\\s+([A-Za-z0-9_.-]+)");
    private static final String CALL_AGAIN = "#sim:call-again";
    /** The arguments of {@code #sim:call-broken}, cut off as by a stream that failed. */
    private static final List<String> BROKEN_ARGUMENTS = List.of("{\"input\":", " \"cut o");
    private static final Pattern WORD = Pattern.compile("\\s*\\S+\\s*$|\\s*\\S+|\\s+");

    private DefaultReplies() {}

    /** @param sequence the request's number, which makes the ids of the calls it makes unique */
    static Reply answer(ReceivedMessages received, long sequence) {
        String size = " This conversation has " + received.dialogueMessages()
                + (received.dialogueMessages() == 1 ? " message." : " messages.");
        String said = received.lastUserText();
        if (!received.endsWithUser()) {
            if (said.contains(CALL_AGAIN) && !received.offeredTools().isEmpty()) {
                // After the results too: a loop that only the caller's limit on steps ends.
                return calls(Reply.text(), CALL_AGAIN, received.offeredTools(), sequence);
            }
            if (!received.latestResults().isEmpty()) {
                return Reply.text(words("(simulated reply) " + results(received.latestResults()) + size).toArray(String[]::new));
            }
        }
        Reply reply = Reply.text(words("(simulated reply) You said: \"" + quote(said) + "\"." + size).toArray(String[]::new));
        if (!received.endsWithUser()) {
            return reply;
        }
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
        reply = calls(reply, said, received.offeredTools(), sequence);
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

    /**
     * The reply made of the calls the directives ask for, in the order they are written; {@code
     * reply} unchanged when there are none. A tool the request does not offer is only called with
     * {@code #sim:call-unoffered}; the reply says which ones it left out.
     */
    private static Reply calls(Reply reply, String said, List<String> offered, long sequence) {
        List<Reply.ToolCall> calls = new ArrayList<>();
        List<String> notOffered = new ArrayList<>();
        Matcher directive = CALL_DIRECTIVE.matcher(said);
        while (directive.find()) {
            String kind = directive.group(1);
            String tool = directive.group(2);
            String id = callId(sequence, calls.size());
            if (!offered.contains(tool) && !kind.equals("-unoffered")) {
                notOffered.add(tool);
            } else if (kind.equals("-broken")) {
                calls.add(new Reply.ToolCall(id, tool, BROKEN_ARGUMENTS));
            } else {
                calls.add(new Reply.ToolCall(id, tool, halves(arguments(said.substring(directive.end())))));
            }
        }
        if (said.contains(CALL_AGAIN) && !offered.isEmpty()) {
            calls.add(new Reply.ToolCall(callId(sequence, calls.size()), offered.getFirst(), List.of("{}")));
        }
        if (calls.isEmpty() && notOffered.isEmpty()) {
            return reply;
        }
        Reply called = notOffered.isEmpty() ? Reply.text() : Reply.text(words("(simulated reply) Not calling "
                + String.join(", ", notOffered) + ": the request offers no tool of that name.").toArray(String[]::new));
        called = called.withThinking(reply.thinkingChunks().toArray(String[]::new));
        for (Reply.ToolCall call : calls) {
            called = called.withToolCall(call.id(), call.name(), call.argumentFragments().toArray(String[]::new));
        }
        return called;
    }

    /** The JSON object that follows a call directive, compacted; {@code {}} when none does. */
    private static String arguments(String after) {
        String rest = after.stripLeading();
        if (!rest.startsWith("{")) {
            return "{}";
        }
        try (JsonParser parser = WireProtocol.JSON.createParser(rest)) {
            JsonNode arguments = parser.readValueAsTree();
            return arguments != null && arguments.isObject() ? arguments.toString() : "{}";
        } catch (IOException notJson) {
            return "{}";
        }
    }

    /** Arguments streamed as two pieces, as providers stream them in several (never splitting a surrogate pair). */
    private static List<String> halves(String arguments) {
        int middle = arguments.length() / 2;
        if (middle > 0 && Character.isLowSurrogate(arguments.charAt(middle))) {
            middle--;
        }
        return middle == 0 ? List.of(arguments) : List.of(arguments.substring(0, middle), arguments.substring(middle));
    }

    private static String callId(long sequence, int call) {
        return "call_sim_" + sequence + "_" + call;
    }

    /** Each result named after its tool, as in {@code get_time gave "12:00"}. */
    private static String results(List<ReceivedMessages.Result> results) {
        List<String> named = new ArrayList<>();
        for (ReceivedMessages.Result result : results) {
            named.add(result.toolName() + " gave \"" + quote(result.content()) + "\"");
        }
        return "Tool results: " + String.join("; ", named) + ".";
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
