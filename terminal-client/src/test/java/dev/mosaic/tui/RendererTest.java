package dev.mosaic.tui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RendererTest {

    private static final ServerFrame.SessionInfo SIMULATED =
            new ServerFrame.SessionInfo("c1", "simulator", "sim-echo", "no provider is configured", true, 32768);
    private static final ServerFrame.SessionInfo REAL =
            new ServerFrame.SessionInfo("c1", "openai", "gpt-4o", "the configured default", false, 128000);

    private final StringWriter output = new StringWriter();
    private final Renderer plain = new Renderer(new PrintWriter(output), false);

    @Test
    void headerNamesTheModelAndWhyAndLabelsSimulatedAnswers() {
        plain.header(SIMULATED);
        plain.header(REAL);
        assertEquals("""
                ▸ simulator/sim-echo — no provider is configured  [SIMULATED]
                ▸ openai/gpt-4o — the configured default
                """, output.toString());
    }

    @Test
    void streamsAnAnswerWithThinkingAndToolCallsOnLinesOfTheirOwn() {
        plain.header(REAL);
        plain.delta(delta(ServerFrame.DeltaKind.THINKING, "The user wants\nthe weather."));
        plain.delta(delta(ServerFrame.DeltaKind.THINKING, " Use the tool."));
        plain.delta(new ServerFrame.MessageDelta("c1", "m2", ServerFrame.DeltaKind.TOOL_CALL, "", 0, "call_1", "get_weather"));
        plain.delta(new ServerFrame.MessageDelta("c1", "m2", ServerFrame.DeltaKind.TOOL_CALL, "{\"city\":", 0, null, null));
        plain.delta(new ServerFrame.MessageDelta("c1", "m2", ServerFrame.DeltaKind.TOOL_CALL, "\"Paris\"}", 0, null, null));
        plain.delta(new ServerFrame.MessageDelta("c1", "m2", ServerFrame.DeltaKind.TOOL_CALL, "{}", 1, "call_2", "clock"));
        plain.delta(delta(ServerFrame.DeltaKind.TEXT, "It is "));
        plain.delta(delta(ServerFrame.DeltaKind.TEXT, "sunny."));
        plain.delta(delta(ServerFrame.DeltaKind.OTHER, "from a later protocol"));
        plain.end(reply("complete", "end_turn", null, Duration.ofMillis(340), Duration.ofMillis(2100)));

        assertEquals("""
                ▸ openai/gpt-4o — the configured default
                ┊ The user wants
                ┊ the weather. Use the tool.
                ⚙ get_weather({"city":"Paris"})
                ⚙ clock({})
                It is sunny.
                [1,234 in / 56 out tokens · first token 340 ms · 2.1 s total]
                """, output.toString());
    }

    @Test
    void marksAPartialAnswerWithItsReason() {
        plain.delta(delta(ServerFrame.DeltaKind.TEXT, "Half an ans"));
        plain.end(reply("partial", "error", new GatewayError("provider_timeout", "no data for 60 s"), null,
                Duration.ofMillis(60_000)));
        assertEquals("""
                Half an ans
                [partial: provider_timeout: no data for 60 s]
                [1,234 in / 56 out tokens · no tokens · 60.0 s total]
                """, output.toString());
    }

    @Test
    void footerMentionsAnUnusualStopAndCachedTokens() {
        Reply reply = new Reply("r1", "c1", "m2", "openai", "gpt-4o", "complete", "max_tokens", "…", "", List.of(),
                new Usage(100, 4096, 80), new Timing(Duration.ofMillis(90), Duration.ofMillis(999)), null, REAL);
        assertEquals("[100 in / 4,096 out tokens (80 cached) · first token 90 ms · 999 ms total · stopped: max_tokens]",
                Renderer.footer(reply));
    }

    @Test
    void withAnsiThinkingAndFooterAreDimAndTheSimulatedLabelStandsOut() {
        Renderer ansi = new Renderer(new PrintWriter(output), true);
        ansi.header(SIMULATED);
        ansi.delta(delta(ServerFrame.DeltaKind.THINKING, "hmm"));
        ansi.delta(delta(ServerFrame.DeltaKind.TEXT, "answer"));
        ansi.end(reply("complete", "end_turn", null, Duration.ofMillis(5), Duration.ofMillis(6)));
        String text = output.toString();
        String faint = "\u001b[2m";
        assertTrue(text.contains(faint + "┊ "), text);
        assertTrue(text.contains(faint + "[1,234 in"), text);
        assertTrue(text.contains("\u001b[0m\nanswer"), "the answer itself is not styled: " + text);
        int label = text.indexOf("[SIMULATED]");
        assertTrue(label > 0 && text.substring(0, label).lastIndexOf("\u001b[") > text.indexOf("no provider"), text);
    }

    @Test
    void anAbandonedAnswerClosesWhatIsOpen() {
        plain.delta(new ServerFrame.MessageDelta("c1", "m2", ServerFrame.DeltaKind.TOOL_CALL, "{\"a\":", 0, "c", "f"));
        plain.abandon();
        plain.error("connection lost");
        assertEquals("⚙ f({\"a\":)\nerror: connection lost\n", output.toString());
    }

    @Test
    void showsTheHistoryOfAResumedConversation() {
        plain.history(new ServerFrame.History("c1", "Weather", true, List.of(
                message("user", "complete", "Weather in Paris?", "", List.of(), null),
                message("assistant", "partial", "It is sun", "check", List.of(new ToolCall("call_1", "get_weather", "{}")),
                        new GatewayError("interrupted", "the gateway stopped")),
                new StoredMessage("m3", "tool", "complete", null, "", "", List.of(),
                        List.of(new ToolResult("call_1", "18 °C", false)), null, null, null, Usage.NONE, Timing.NONE, null),
                message("assistant", "streaming", "So far", "", List.of(), null))));
        assertEquals("""
                conversation c1 “Weather”, 4 messages
                you› Weather in Paris?
                ▸ openai/gpt-4o
                ┊ check
                ⚙ get_weather({})
                It is sun
                [partial: interrupted: the gateway stopped]
                ⚙ result call_1: 18 °C
                ▸ openai/gpt-4o
                So far
                [still being written]
                a reply is still being written in this conversation; open it again later to see all of it
                ── continuing this conversation ──
                """, output.toString());
    }

    @Test
    void noticesAndErrorsStartOnTheirOwnLine() {
        plain.delta(delta(ServerFrame.DeltaKind.TEXT, "no newline yet"));
        plain.notice("a notice");
        plain.newConversation("c9");
        plain.warning("careful");
        plain.text("command output");
        assertEquals("""
                no newline yet
                a notice
                new conversation c9 (resume it later with -c c9)
                careful
                command output
                """, output.toString());
    }

    private static ServerFrame.MessageDelta delta(ServerFrame.DeltaKind kind, String text) {
        return new ServerFrame.MessageDelta("c1", "m2", kind, text, 0, null, null);
    }

    private static Reply reply(String status, String stopReason, GatewayError error, Duration ttft, Duration total) {
        return new Reply("r1", "c1", "m2", "openai", "gpt-4o", status, stopReason, "", "", List.of(),
                new Usage(1234, 56, 0), new Timing(ttft, total), error, REAL);
    }

    private static StoredMessage message(String role, String status, String text, String thinking, List<ToolCall> calls,
            GatewayError error) {
        boolean assistant = role.equals("assistant");
        return new StoredMessage("m", role, status, null, text, thinking, calls, List.of(), assistant ? "openai" : null,
                assistant ? "gpt-4o" : null, assistant ? "end_turn" : null, Usage.NONE, Timing.NONE, error);
    }
}
