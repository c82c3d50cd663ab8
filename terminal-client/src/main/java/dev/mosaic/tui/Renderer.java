package dev.mosaic.tui;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jline.utils.AttributedString;
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
    private static final String THINKING_PREFIX = "┊ ";

    private enum Segment { NONE, TEXT, THINKING, TOOL_CALL }

    private final PrintWriter out;
    private final boolean ansi;
    private Segment segment = Segment.NONE;
    private boolean atLineStart = true;

    Renderer(PrintWriter out, boolean ansi) {
        this.out = out;
        this.ansi = ansi;
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
