package dev.mosaic.tui;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

/**
 * Writes what the user sees: reply headers, streamed deltas, footers, histories and notices. It
 * keeps track of where the cursor is (which kind of delta is being written, whether at the start of
 * a line) so that thinking, tool calls and text each start on their own line. Without ANSI (a dumb
 * terminal, or a test) the same text comes out unstyled.
 */
final class Renderer {

    private static final AttributedStyle PLAIN = AttributedStyle.DEFAULT;
    private static final AttributedStyle DIM = AttributedStyle.DEFAULT.faint();
    private static final AttributedStyle STRONG = AttributedStyle.BOLD;
    private static final AttributedStyle SIMULATED =
            AttributedStyle.BOLD.foreground(AttributedStyle.BLACK).background(AttributedStyle.YELLOW);
    private static final AttributedStyle WARNING = AttributedStyle.DEFAULT.foreground(AttributedStyle.YELLOW);
    private static final AttributedStyle ERROR = AttributedStyle.BOLD.foreground(AttributedStyle.RED);
    private static final AttributedStyle TOOL = AttributedStyle.DEFAULT.foreground(AttributedStyle.CYAN);
    private static final AttributedStyle MATCH = AttributedStyle.BOLD.foreground(AttributedStyle.YELLOW);
    private static final String THINKING_PREFIX = "┊ ";

    private enum Segment { NONE, TEXT, THINKING, TOOL_CALL }

    private final PrintWriter out;
    private final boolean ansi;
    private final DateTimeFormatter dates;
    private Segment segment = Segment.NONE;
    private boolean atLineStart = true;

    Renderer(PrintWriter out, boolean ansi) {
        this(out, ansi, ZoneId.systemDefault());
    }

    /** {@code zone} is where dates are shown in local time (tests need one that does not depend on the machine). */
    Renderer(PrintWriter out, boolean ansi, ZoneId zone) {
        this.out = out;
        this.ansi = ansi;
        this.dates = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(zone);
    }

    boolean ansi() {
        return ansi;
    }

    /** The line before an answer: which model, why, and whether it is simulated. */
    synchronized void header(ServerFrame.SessionInfo info) {
        startLine();
        write(STRONG, "▸ " + info.provider() + "/" + info.model());
        if (info.reason() != null && !info.reason().isBlank()) {
            write(DIM, " — " + info.reason());
        }
        if (info.simulated()) {
            write(PLAIN, "  ");
            write(SIMULATED, "[SIMULATED]");
        }
        write(PLAIN, "\n");
        flush();
    }

    synchronized void newConversation(String conversationId) {
        line(DIM, "new conversation " + conversationId + " (resume it later with -c " + conversationId + ")");
    }

    synchronized void delta(ServerFrame.MessageDelta delta) {
        switch (delta.kind()) {
            case TEXT -> {
                enter(Segment.TEXT);
                write(PLAIN, delta.text());
            }
            case THINKING -> {
                enter(Segment.THINKING);
                thinking(delta.text());
            }
            case TOOL_CALL -> {
                if (delta.toolName() != null || segment != Segment.TOOL_CALL) {
                    enter(Segment.NONE); // closes the call before, if any
                    startLine();
                    write(TOOL, "⚙ " + (delta.toolName() == null ? "tool" : delta.toolName()) + "(");
                    segment = Segment.TOOL_CALL;
                }
                write(TOOL, delta.text());
            }
            case OTHER -> { } // a kind added after this client was written
        }
        flush();
    }

    /**
     * That the conversation was compacted before this answer. Dim when a checkpoint now summarizes
     * the oldest messages; a warning when they were left out, since the model no longer sees them.
     */
    synchronized void compacted(ServerFrame.ContextCompacted compacted) {
        int covered = compacted.messagesCovered();
        String oldest = covered == 1 ? "the oldest message" : "the " + covered + " oldest messages";
        String tokens = String.format(Locale.ROOT, "%,d → %,d tokens", compacted.tokensBefore(),
                compacted.tokensAfter()) + (compacted.contextWindow() > 0
                        ? String.format(Locale.ROOT, " of %,d", compacted.contextWindow()) : "");
        if (compacted.summarized()) {
            line(DIM, "⋯ context: " + oldest + (covered == 1 ? " is" : " are") + " now a checkpoint summary (" + tokens
                    + ")");
        } else {
            String note = compacted.note() == null || compacted.note().isBlank()
                    ? oldest + (covered == 1 ? " was" : " were") + " left out" : compacted.note();
            line(WARNING, "⋯ context: " + note + " (" + tokens + ")");
        }
    }

    /** Ends an answer: a marker when it is partial, then a dim footer with tokens and timing. */
    synchronized void end(Reply reply) {
        enter(Segment.NONE);
        startLine();
        if (reply.isPartial()) {
            String why = reply.error() != null ? reply.error().toString()
                    : reply.stopReason() != null ? reply.stopReason() : reply.status();
            line(WARNING, "[partial: " + why + "]");
        }
        line(DIM, footer(reply));
    }

    /** Ends an answer that will not finish here: closes what is open, so the next output starts clean. */
    synchronized void abandon() {
        enter(Segment.NONE);
        startLine();
        flush();
    }

    /** The earlier messages of a conversation being resumed. */
    synchronized void history(ServerFrame.History history) {
        String title = history.title() == null || history.title().isBlank() ? "" : " “" + history.title() + "”";
        line(DIM, "conversation " + history.conversationId() + title + ", " + history.messages().size() + " messages");
        for (StoredMessage message : history.messages()) {
            switch (message.role() == null ? "" : message.role()) {
                case "user" -> {
                    write(STRONG, "you› ");
                    write(PLAIN, message.text());
                    startLine();
                }
                case "assistant" -> {
                    line(STRONG, "▸ " + message.provider() + "/" + message.model());
                    if (!message.thinking().isEmpty()) {
                        thinking(message.thinking());
                        startLine();
                    }
                    message.toolCalls().forEach(call -> line(TOOL, "⚙ " + call.name() + "(" + call.arguments() + ")"));
                    write(PLAIN, message.text());
                    startLine();
                    if ("streaming".equals(message.status())) {
                        line(WARNING, "[still being written]");
                    } else if (message.isPartial()) {
                        line(WARNING, "[partial: " + (message.error() != null ? message.error() : message.stopReason())
                                + "]");
                    }
                }
                default -> message.toolResults().forEach(result -> line(result.isError() ? ERROR : TOOL,
                        "⚙ result " + result.toolCallId() + ": " + result.content()));
            }
        }
        if (history.replyInProgress()) {
            line(DIM, "a reply is still being written in this conversation; open it again later to see all of it");
        }
        line(DIM, "── continuing this conversation ──");
    }

    /**
     * Search results, numbered from 1 to pick from: where each message is (conversation, who wrote
     * it, when), then its snippet with the matches highlighted.
     */
    synchronized void searchResults(String query, GatewayApi.Page<GatewayApi.SearchHit> results) {
        List<GatewayApi.SearchHit> hits = results.items();
        if (hits.isEmpty()) {
            line(DIM, "no messages match " + quoted(query));
            return;
        }
        line(DIM, count(results.total(), "message") + (results.total() == 1 ? " matches " : " match ") + quoted(query)
                + ":");
        String indent = " ".repeat(number(hits.size(), hits.size()).length());
        for (int i = 0; i < hits.size(); i++) {
            GatewayApi.SearchHit hit = hits.get(i);
            write(PLAIN, number(i + 1, hits.size()));
            write(STRONG, title(hit.conversationTitle()));
            write(DIM, (hit.role() == null ? "" : " · " + ("user".equals(hit.role()) ? "you" : hit.role()))
                    + when(" · ", hit.createdAt()));
            write(PLAIN, "\n");
            // A snippet may span lines of its message; one line per result keeps the list readable.
            String snippet = hit.snippet().strip().replaceAll("\\s+", " ");
            write(PLAIN, indent);
            if (ansi) {
                out.write(highlight(snippet).toAnsi());
            } else {
                write(PLAIN, snippet);
            }
            write(PLAIN, "\n");
        }
        if (results.hasMore()) {
            line(WARNING, "showing " + hits.size() + " of " + results.total() + "; refine the query");
        }
        line(DIM, "pick a number to resume that conversation, or press Enter to go back");
    }

    /** Recent conversations, numbered from 1 to pick from; {@code current} (may be {@code null}) is marked. */
    synchronized void conversations(GatewayApi.Page<GatewayApi.ConversationSummary> page, String current) {
        List<GatewayApi.ConversationSummary> conversations = page.items();
        if (conversations.isEmpty()) {
            line(DIM, "no conversations yet: send a message to start one");
            return;
        }
        line(DIM, "recent conversations:");
        for (int i = 0; i < conversations.size(); i++) {
            GatewayApi.ConversationSummary conversation = conversations.get(i);
            write(PLAIN, number(i + 1, conversations.size()));
            write(STRONG, title(conversation.title()));
            write(DIM, " · " + count(conversation.messages(), "message")
                    + when(" · last active ", conversation.lastActivity()));
            if (conversation.conversationId() != null && conversation.conversationId().equals(current)) {
                write(DIM, " (current)");
            }
            write(PLAIN, "\n");
        }
        if (page.hasMore()) {
            line(DIM, "showing " + conversations.size() + " of " + page.total() + "; /search finds older ones");
        }
        line(DIM, "pick a number to resume that conversation, or press Enter to cancel");
    }

    /** The snippet's text without its {@code «»} markers, the matches between them highlighted. */
    static AttributedString highlight(String snippet) {
        AttributedStringBuilder text = new AttributedStringBuilder();
        boolean inMatch = false;
        for (int i = 0; i < snippet.length(); i++) {
            char c = snippet.charAt(i);
            if (c == '«' && !inMatch) {
                inMatch = true;
            } else if (c == '»' && inMatch) {
                inMatch = false;
            } else {
                text.style(inMatch ? MATCH : PLAIN).append(c);
            }
        }
        return text.toAttributedString();
    }

    /** Text for the user as is, such as a command's answer. */
    synchronized void text(String text) {
        startLine();
        write(PLAIN, text);
        startLine();
        flush();
    }

    synchronized void notice(String text) {
        line(DIM, text);
    }

    synchronized void warning(String text) {
        line(WARNING, text);
    }

    synchronized void error(String text) {
        line(ERROR, "error: " + text);
    }

    static String footer(Reply reply) {
        List<String> parts = new ArrayList<>();
        Usage usage = reply.usage() == null ? Usage.NONE : reply.usage();
        parts.add(String.format(Locale.ROOT, "%,d in / %,d out tokens", usage.inputTokens(), usage.outputTokens())
                + (usage.cachedInputTokens() > 0
                        ? String.format(Locale.ROOT, " (%,d cached)", usage.cachedInputTokens()) : ""));
        Timing timing = reply.timing() == null ? Timing.NONE : reply.timing();
        parts.add(timing.timeToFirstToken() == null ? "no tokens"
                : "first token " + duration(timing.timeToFirstToken()));
        if (timing.duration() != null) {
            parts.add(duration(timing.duration()) + " total");
        }
        if (!reply.isPartial() && reply.stopReason() != null && !reply.stopReason().equals("end_turn")) {
            parts.add("stopped: " + reply.stopReason());
        }
        return "[" + String.join(" · ", parts) + "]";
    }

    private String when(String prefix, Instant instant) {
        return instant == null ? "" : prefix + dates.format(instant);
    }

    private static String number(int n, int last) {
        return String.format(Locale.ROOT, "%" + String.valueOf(last).length() + "d. ", n);
    }

    private static String title(String title) {
        return title == null || title.isBlank() ? "(untitled)" : title;
    }

    private static String quoted(String text) {
        return "“" + text + "”";
    }

    private static String count(long n, String noun) {
        return String.format(Locale.ROOT, "%,d %s%s", n, noun, n == 1 ? "" : "s");
    }

    private static String duration(Duration duration) {
        long millis = duration.toMillis();
        return millis < 1000 ? millis + " ms" : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }

    /** Switches to a kind of output, closing an open tool call and starting a line when the kind changes. */
    private void enter(Segment next) {
        if (segment == next) {
            return;
        }
        if (segment == Segment.TOOL_CALL) {
            write(TOOL, ")");
        }
        if (segment != Segment.NONE || next == Segment.THINKING) {
            startLine();
        }
        segment = next;
    }

    /** Thinking is dim, and each of its lines starts with a marker so that it never reads as the answer. */
    private void thinking(String text) {
        int from = 0;
        while (from < text.length()) {
            int newline = text.indexOf('\n', from);
            int to = newline < 0 ? text.length() : newline + 1;
            if (atLineStart) {
                write(DIM, THINKING_PREFIX);
            }
            write(DIM, text.substring(from, to));
            from = to;
        }
    }

    private void line(AttributedStyle style, String text) {
        startLine();
        write(style, text);
        write(PLAIN, "\n");
        flush();
    }

    private void startLine() {
        if (!atLineStart) {
            write(PLAIN, "\n");
        }
    }

    private void write(AttributedStyle style, String text) {
        if (text.isEmpty()) {
            return;
        }
        out.write(ansi && style != PLAIN ? new AttributedString(text, style).toAnsi() : text);
        atLineStart = text.endsWith("\n");
    }

    private void flush() {
        out.flush();
    }
}
