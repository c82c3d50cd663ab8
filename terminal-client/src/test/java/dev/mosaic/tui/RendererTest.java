package dev.mosaic.tui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStyle;
import org.junit.jupiter.api.Test;

class RendererTest {

    private static final ServerFrame.SessionInfo SIMULATED =
            new ServerFrame.SessionInfo("c1", "simulator", "sim-echo", "no provider is configured", true, 32768);
    private static final ServerFrame.SessionInfo REAL =
            new ServerFrame.SessionInfo("c1", "openai", "gpt-4o", "the configured default", false, 128000);

    private static final Instant MAY_FIRST = Instant.parse("2026-05-01T09:30:00Z");

    private final StringWriter output = new StringWriter();
    private final Renderer plain = new Renderer(new PrintWriter(output), false, ZoneOffset.UTC);

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
    void aRoutedAnswerIsHeadedByItsModelTheRuleAndWhatTheMessageWasTakenFor() {
        plain.header(new ServerFrame.SessionInfo("c1", "anthropic", "claude-opus-4-6", "long reason", false, 200_000,
                new ServerFrame.Routing("coding", "complex", 0.92, "coding, complex", false, 0)));
        plain.header(new ServerFrame.SessionInfo("c1", "simulator", "gpt-5.4", "long reason", true, 32_768,
                new ServerFrame.Routing("research", "moderate", 0.5, null, false, 2)));
        plain.header(new ServerFrame.SessionInfo("c1", "openai", "gpt-5.4", "long reason", false, 272_000,
                new ServerFrame.Routing("conversation", "simple", 0.4, null, true, 0)));
        plain.failover(new ServerFrame.RoutingFailover("c1", "m1", "anthropic/claude-opus-4-6", "openai/gpt-5.4",
                "provider_overloaded"));
        assertEquals("""
                ▸ claude-opus-4-6 · rule "coding, complex" · coding/complex (0.92)
                ▸ gpt-5.4 · no rule matched · research/moderate (0.50) · after 2 fallbacks  [SIMULATED]
                ▸ gpt-5.4 · pinned · conversation/simple (0.40)
                ↷ anthropic/claude-opus-4-6 stopped (provider_overloaded); openai/gpt-5.4 goes on
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
    void theHeaderNamesTheAgentNextToTheModel() {
        ServerFrame.Agent agent = new ServerFrame.Agent("a-1", "coding-agent", 1);
        plain.header(new ServerFrame.SessionInfo("c1", "anthropic", "claude-opus-4-6", "long reason", false, 200_000,
                new ServerFrame.Routing("coding", "complex", 0.92, "coding, complex", false, 0), agent));
        plain.header(new ServerFrame.SessionInfo("c1", "openai", "gpt-4o", "the configured default", false, 128000, null,
                new ServerFrame.Agent("a-2", "plain", 0)));
        assertEquals("""
                ▸ claude-opus-4-6 · agent coding-agent v1 · rule "coding, complex" · coding/complex (0.92)
                ▸ openai/gpt-4o · agent plain — the configured default
                """, output.toString());
    }

    @Test
    void toolsShowWhereTheyRunWithShortenedArgumentsThenHowTheyEnded() {
        plain.delta(delta(ServerFrame.DeltaKind.TEXT, "Let me look."));
        plain.delta(new ServerFrame.MessageDelta("c1", "m2", ServerFrame.DeltaKind.TOOL_CALL, "{}", 0, "t1", "clock"));
        plain.toolStart(new ServerFrame.ToolStart("c1", "m2", "t1", "current_time", "{}", "gateway"));
        plain.toolEnd(new ServerFrame.ToolEnd("c1", "t1", "current_time", false, "2026-12-03T12:00:00Z (Thursday)",
                Duration.ofMillis(3)));
        plain.toolStart(new ServerFrame.ToolStart("c1", "m2", "t2", "read_file", "{\"path\":\"README.md\"}", "client"));
        plain.toolEnd(new ServerFrame.ToolEnd("c1", "t2", "read_file", true, "refused: ../x is outside\nthe directory",
                null));
        plain.toolStart(new ServerFrame.ToolStart("c1", "m2", "t3", "write_file",
                "{\"path\":\"notes.md\",\"content\":\"" + "x".repeat(200) + "\"}", "client"));
        plain.toolEnd(new ServerFrame.ToolEnd("c1", "t3", "write_file", false, "", Duration.ofMillis(1500)));
        plain.delta(delta(ServerFrame.DeltaKind.TEXT, "Done."));
        assertEquals("""
                Let me look.
                ⚙ clock({})
                ⚙ current_time {} · on the gateway
                  ✓ current_time · 3 ms · 2026-12-03T12:00:00Z (Thursday)
                ⚙ read_file {"path":"README.md"} · on this client
                  ✗ read_file · refused: ../x is outside the directory
                ⚙ write_file {"path":"notes.md","content":"%s… · on this client
                  ✓ write_file · 1.5 s
                Done.""".formatted("x".repeat(Renderer.TOOL_WIDTH - 1 - 30)), output.toString());
    }

    @Test
    void withAnsiToolLinesAreDimAndAFailedToolAWarning() {
        Renderer ansi = new Renderer(new PrintWriter(output), true);
        ansi.toolStart(new ServerFrame.ToolStart("c1", "m2", "t1", "grep", "{}", "client"));
        ansi.toolEnd(new ServerFrame.ToolEnd("c1", "t1", "grep", true, "not a regular expression", null));
        String text = output.toString();
        assertTrue(text.startsWith("\u001b[2m⚙ grep {} · on this client"), text);
        assertTrue(text.contains("\u001b[33m  ✗ grep"), text);
    }

    @Test
    void theStepLimitIsSaidPlainly() {
        plain.delta(delta(ServerFrame.DeltaKind.TEXT, "Once more."));
        plain.end(reply("partial", "tool_use", new GatewayError("tool_step_limit", "the agent may take 20 tool steps"),
                Duration.ofMillis(5), Duration.ofMillis(60)));
        assertEquals("""
                Once more.
                [stopped: the agent reached its limit of tool steps (the agent may take 20 tool steps)]
                [1,234 in / 56 out tokens · first token 5 ms · 60 ms total]
                """, output.toString());
    }

    @Test
    void saysWhichToolsTheGatewayRefusedAndNothingWhenItTookThemAll() {
        plain.toolsRefused(new ServerFrame.ToolsOffered(List.of("read_file"), List.of()));
        plain.toolsRefused(new ServerFrame.ToolsOffered(List.of("read_file"),
                List.of(new ServerFrame.Refusal("grep", "a gateway tool's name"), new ServerFrame.Refusal("x", null))));
        assertEquals("""
                the gateway did not take this client's tool grep: a gateway tool's name
                the gateway did not take this client's tool x
                """, output.toString());
    }

    @Test
    void showsWhatTheModelIsToldItRemembers() {
        plain.memory(new ServerFrame.ContextMemory("c1", List.of("language"), List.of("Alice deploys on Fridays."), null));
        plain.memory(new ServerFrame.ContextMemory("c1", List.of(), List.of(), "memory was not searched: it took too long"));
        assertEquals("""
                ◇ your preferences: language
                ◇ remembered: Alice deploys on Fridays.
                ◇ memory was not searched: it took too long
                """, output.toString());
    }

    @Test
    void listsPreferencesAndWhatIsRemembered() {
        plain.preferences(List.of());
        plain.preferences(List.of(new GatewayApi.Preference("language", "German")));
        plain.insights(List.of(new GatewayApi.Insight("i-1", "Alice deploys on Fridays.", Instant.EPOCH, 0.81),
                new GatewayApi.Insight("i-2", "Prefers tea.", Instant.EPOCH, null)));
        assertEquals("""
                no preferences yet: /prefs KEY VALUE sets one (e.g. /prefs language German)
                  language = German
                  i-1  (0.81) Alice deploys on Fridays.
                  i-2  Prefers tea.
                """, output.toString());
    }

    @Test
    void statsTellWhatAConversationUsed() {
        plain.stats(new GatewayApi.Metrics("c1", 4, new Usage(12_345, 678, 9_000), new BigDecimal("0.0123"), true, 1, 0,
                3, Duration.ofMillis(75_400)));
        plain.stats(new GatewayApi.Metrics("c2", 1, new Usage(10, 2, 0), null, false, 0, 1, 0, Duration.ofMillis(900)));
        plain.stats(new GatewayApi.Metrics("c3", 2, new Usage(10, 2, 0), new BigDecimal("1.5"), false, 2, 2, 1,
                Duration.ofMinutes(65)));
        assertEquals("""
                conversation c1:
                  turns       4
                  tokens      12,345 in / 678 out (9,000 cached)
                  cost        $0.0123
                  switches    1 model switch · 0 agent switches
                  tool calls  3
                  active      1 min 15 s
                conversation c2:
                  turns       1
                  tokens      10 in / 2 out
                  cost        unknown
                  switches    0 model switches · 1 agent switch
                  tool calls  0
                  active      900 ms
                conversation c3:
                  turns       2
                  tokens      10 in / 2 out
                  cost        at least $1.50 (some models' prices are unknown)
                  switches    2 model switches · 2 agent switches
                  tool calls  1
                  active      1 h 5 min
                """, output.toString());
    }

    @Test
    void aCreatedAgentIsShownWithHowToSwitchToIt() {
        plain.agentCreated(new GatewayApi.Agent("a-2", "reviewer", "reviews code", "user", 1, null,
                List.of("read_file", "grep"), true));
        plain.agentCreated(new GatewayApi.Agent("a-3", "plain", "", "user", 1, "openai/gpt-4o", List.of(), true));
        assertEquals("""
                created agent reviewer v1
                  model: routed · tools: read_file, grep · switch to it with /agent reviewer
                created agent plain v1
                  model: openai/gpt-4o · tools: none · switch to it with /agent plain
                """, output.toString());
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
                a reply is still being written in this conversation; it is shown here once it ends
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

    @Test
    void saysBeforeTheAnswerHowTheContextWasCompacted() {
        plain.header(REAL);
        plain.compacted(new ServerFrame.ContextCompacted("c1", true, 12, 2140, 820, 8192, "gpt-4o-mini", "…"));
        plain.compacted(new ServerFrame.ContextCompacted("c1", true, 1, 900, 300, 0, null, null));
        plain.compacted(new ServerFrame.ContextCompacted("c1", false, 12, 9000, 4000, 8192, null,
                "the summarizer was unavailable, so the oldest messages were left out of the context"));
        plain.compacted(new ServerFrame.ContextCompacted("c1", false, 3, 900, 300, 1000, null, null));
        assertEquals("""
                ▸ openai/gpt-4o — the configured default
                ⋯ context: the 12 oldest messages are now a checkpoint summary (2,140 → 820 tokens of 8,192)
                ⋯ context: the oldest message is now a checkpoint summary (900 → 300 tokens)
                ⋯ context: the summarizer was unavailable, so the oldest messages were left out of the context \
                (9,000 → 4,000 tokens of 8,192)
                ⋯ context: the 3 oldest messages were left out (900 → 300 tokens of 1,000)
                """, output.toString());
    }

    @Test
    void withAnsiACheckpointIsDimAndLeftOutMessagesAWarning() {
        Renderer ansi = new Renderer(new PrintWriter(output), true);
        ansi.compacted(new ServerFrame.ContextCompacted("c1", true, 12, 2140, 820, 8192, null, null));
        ansi.compacted(new ServerFrame.ContextCompacted("c1", false, 12, 2140, 820, 8192, null, null));
        String[] lines = output.toString().split("\n");
        assertTrue(lines[0].startsWith("\u001b[2m⋯ context: the 12 oldest"), lines[0]);
        assertTrue(lines[1].startsWith("\u001b[33m⋯ context: the 12 oldest messages were left out"), lines[1]);
    }

    @Test
    void highlightStylesTheMatchesAndDropsTheirMarkers() {
        AttributedString text = Renderer.highlight("a «road» «trip» » to «Lisb");
        assertEquals("a road trip » to Lisb", text.toString(), "a stray » is text; an unclosed « runs to the end");
        AttributedStyle match = AttributedStyle.BOLD.foreground(AttributedStyle.YELLOW);
        assertEquals(AttributedStyle.DEFAULT, text.styleAt(0));
        for (int i = 2; i < 6; i++) {
            assertEquals(match, text.styleAt(i), "road at " + i);
        }
        assertEquals(AttributedStyle.DEFAULT, text.styleAt(6));
        assertEquals(match, text.styleAt(7));
        assertEquals(AttributedStyle.DEFAULT, text.styleAt(text.toString().indexOf('»')));
        assertEquals(match, text.styleAt(text.length() - 1));
        assertEquals("plain", Renderer.highlight("plain").toString());
    }

    @Test
    void listsSearchResultsToPickFromWithTheMarkersOnADumbTerminal() {
        plain.searchResults("\"road trip\"", new GatewayApi.Page<>(List.of(
                hit("Lisbon plans", "user", "We are planning a «road»\n  «trip» to Lisbon"),
                hit(null, "assistant", "A «road» «trip»: …"),
                hit("Tools", null, "«trip» planner")), 1, 10, 37, 4));
        assertEquals("""
                37 messages match “"road trip"”:
                1. Lisbon plans · you · 2026-05-01 09:30
                   We are planning a «road» «trip» to Lisbon
                2. (untitled) · assistant · 2026-05-01 09:30
                   A «road» «trip»: …
                3. Tools · 2026-05-01 09:30
                   «trip» planner
                showing 3 of 37; refine the query
                pick a number to resume that conversation, or press Enter to go back
                """, output.toString());
    }

    @Test
    void onATerminalWithColoursTheMatchesAreStyledInstead() throws Exception {
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        try (Terminal terminal = new DumbTerminal("test", "xterm-256color", InputStream.nullInputStream(), screen,
                StandardCharsets.UTF_8)) {
            new Renderer(terminal.writer(), true, ZoneOffset.UTC).searchResults("lisbon",
                    new GatewayApi.Page<>(List.of(hit("Trip", "user", "to «Lisbon» in May")), 1, 10, 1, 1));
        }
        String text = screen.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("1 message matches “lisbon”:"), text);
        assertTrue(text.contains("   to \u001b[33;1mLisbon\u001b[0m in May\n"), text);
        assertFalse(text.contains("«") || text.contains("»"), text);
        assertFalse(text.contains("showing"), "one page holds them all: " + text);
    }

    @Test
    void saysWhenNothingMatches() {
        plain.searchResults("zebra", new GatewayApi.Page<>(List.of(), 1, 10, 0, 0));
        plain.conversations(new GatewayApi.Page<>(List.of(), 1, 10, 0, 0), null);
        assertEquals("no messages match “zebra”\nno conversations yet: send a message to start one\n", output.toString());
    }

    @Test
    void listsRecentConversationsMarkingTheCurrentOne() {
        plain.conversations(new GatewayApi.Page<>(List.of(
                new GatewayApi.ConversationSummary("c1", "Weather", MAY_FIRST, MAY_FIRST.plusSeconds(3600), 14, false),
                new GatewayApi.ConversationSummary("c2", " ", MAY_FIRST, MAY_FIRST, 1, false),
                new GatewayApi.ConversationSummary("c3", "Undated", null, null, 1234, false)), 1, 3, 12, 4), "c2");
        assertEquals("""
                recent conversations:
                1. Weather · 14 messages · last active 2026-05-01 10:30
                2. (untitled) · 1 message · last active 2026-05-01 09:30 (current)
                3. Undated · 1,234 messages
                showing 3 of 12; /search finds older ones
                pick a number to resume that conversation, or press Enter to cancel
                """, output.toString());
    }

    @Test
    void tablesProvidersWithTheirHealthAndTheUsersOwnKeys() {
        plain.providers(List.of(
                health("openai", "UP", 123L, "CLOSED", null),
                health("anthropic", "DOWN", 5012L, "OPEN", "connect timed out after 5 s:\n  java.net.ConnectException: "
                        + "Connection refused while talking to api.anthropic.com"),
                health("ollama", "UNKNOWN", null, "CLOSED", null)), List.of(
                credential("anthropic", "sk-ant-…x9f2"), credential("mistral", "mi-…0001"),
                new GatewayApi.Credential("openai", "oauth", "OAuth login", "account …c123", null, null)));
        assertEquals("""
                provider   status   latency   circuit  your key               last error
                openai     UP       123 ms    CLOSED   account …c123 (login)  -
                anthropic  DOWN     5,012 ms  OPEN     sk-ant-…x9f2           connect timed out after 5 s: java.net.ConnectException: Con…
                ollama     UNKNOWN  -         CLOSED   -                      -
                your own keys for other providers: mistral (mi-…0001)
                """, output.toString());
    }

    @Test
    void providersWithoutKnownKeysOrWithoutAnyProvider() {
        plain.providers(List.of(health("openai", "DEGRADED", 880L, "HALF_OPEN", "429")), null);
        plain.providers(List.of(), List.of());
        assertEquals("""
                provider  status    latency  circuit    your key  last error
                openai    DEGRADED  880 ms   HALF_OPEN  ?         429
                no providers are configured: answers are simulated
                """, output.toString());
    }

    @Test
    void onATerminalWithColoursTheStatusIsColoured() throws Exception {
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        try (Terminal terminal = new DumbTerminal("test", "xterm-256color", InputStream.nullInputStream(), screen,
                StandardCharsets.UTF_8)) {
            new Renderer(terminal.writer(), true, ZoneOffset.UTC).providers(List.of(
                    health("openai", "UP", 1L, "CLOSED", null), health("azure", "DEGRADED", 2L, "OPEN", "slow"),
                    health("anthropic", "DOWN", 3L, "OPEN", "refused"), health("ollama", "UNKNOWN", null, null, null)),
                    List.of());
        }
        String text = screen.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("\u001b[32mUP\u001b[0m"), text);
        assertTrue(text.contains("\u001b[33mDEGRADED\u001b[0m"), text);
        assertTrue(text.contains("\u001b[31mDOWN\u001b[0m"), text);
        assertTrue(text.contains("\u001b[2mUNKNOWN\u001b[0m"), text);
        assertTrue(text.contains("\u001b[2mprovider\u001b[0m"), "the header is dim: " + text);
        assertTrue(text.contains("\u001b[1mopenai\u001b[0m"), text);
        assertTrue(text.contains("\u001b[0m  2 ms"), "padding stays outside the colour: " + text);
    }

    @Test
    void listsTheCatalogGroupedByProvider() {
        plain.models(List.of(
                model("anthropic", "claude-sonnet-4-6", "standard", 200_000, 64_000,
                        price("3", "15", "0.3"), "tools", "vision", "reasoning"),
                model("openai", "gpt-4o-mini", "cheap", 128_000, 16_384, price("0.15", "0.6", null), "tools"),
                model("anthropic", "claude-haiku-4-5", "cheap", 1_000_000, 8_192, price("0.8", "4", "0.08")),
                model("ollama", "llama3.2", "local", null, null, price("0", "0", null)),
                model("mystery", "m-1", null, 2_500_000, 512, GatewayApi.Price.UNKNOWN)), null);
        assertEquals("""
                5 models:
                  model              tier      context  output  $ per M tokens in / out   capabilities
                anthropic
                  claude-sonnet-4-6  standard  200K     64K     $3 / $15, cached $0.30    tools, vision, reasoning
                  claude-haiku-4-5   cheap     1M       8.2K    $0.80 / $4, cached $0.08  -
                openai
                  gpt-4o-mini        cheap     128K     16K     $0.15 / $0.60             tools
                ollama
                  llama3.2           local     ?        ?       free                      -
                mystery
                  m-1                -         2.5M     512     ?                         -
                """, output.toString());
    }

    @Test
    void saysHowManyModelsMatchAFilterAndWhenNoneDoes() {
        plain.models(List.of(model("openai", "gpt-4o", "standard", 128_000, 16_384, price("2.5", "10", "1.25"),
                "tools")), " gpt ");
        plain.models(List.of(), "zzz");
        plain.models(List.of(), null);
        assertEquals("""
                1 model matches “gpt”:
                  model   tier      context  output  $ per M tokens in / out    capabilities
                openai
                  gpt-4o  standard  128K     16K     $2.50 / $10, cached $1.25  tools
                no models match “zzz”
                the catalog is empty
                """, output.toString());
    }

    @Test
    void withAnsiTheCatalogsProvidersStandOutAndUnknownsAreDim() {
        Renderer ansi = new Renderer(new PrintWriter(output), true);
        ansi.models(List.of(model("ollama", "llama3.2", "local", null, null, price("0", "0", null))), null);
        String text = output.toString();
        assertTrue(text.contains("\u001b[1mollama\u001b[0m\n"), text);
        assertTrue(text.contains("\u001b[2m?\u001b[0m"), text);
        assertTrue(text.contains("  llama3.2"), text);
        assertTrue(text.contains("free"), text);
    }

    @Test
    void formatsTokenCountsAndPrices() {
        assertEquals("200K", Renderer.tokens(200_000));
        assertEquals("128K", Renderer.tokens(128_000));
        assertEquals("8.2K", Renderer.tokens(8_192));
        assertEquals("1M", Renderer.tokens(1_000_000));
        assertEquals("1.1M", Renderer.tokens(1_050_000));
        assertEquals("999", Renderer.tokens(999));
        assertEquals("?", Renderer.tokens(null));
        assertEquals("$3", Renderer.dollars(new BigDecimal("3.000")));
        assertEquals("$0.30", Renderer.dollars(new BigDecimal("0.3")));
        assertEquals("$0.075", Renderer.dollars(new BigDecimal("0.075")));
        assertEquals("$1.25", Renderer.dollars(new BigDecimal("1.25")));
        assertEquals("free", Renderer.dollars(BigDecimal.ZERO));
        assertEquals("?", Renderer.dollars(null));
        assertEquals("$3 / $15, cached $0.30", Renderer.price(price("3", "15", "0.3")));
        assertEquals("$3 / ?", Renderer.price(price("3", null, null)));
        assertEquals("free / $1", Renderer.price(price("0", "1", null)));
        assertEquals("free", Renderer.price(price("0", "0", "0")));
        assertEquals("?", Renderer.price(GatewayApi.Price.UNKNOWN));
        assertEquals("a b…", Renderer.shorten("  a\n b   c ", 4));
        assertEquals("a b c", Renderer.shorten("a b c", 5));
    }

    private static GatewayApi.ProviderHealth health(String provider, String status, Long latency, String circuit,
            String error) {
        return new GatewayApi.ProviderHealth(provider, status, latency, circuit, error, MAY_FIRST);
    }

    private static GatewayApi.Credential credential(String provider, String hint) {
        return new GatewayApi.Credential(provider, "api_key", null, hint, MAY_FIRST, MAY_FIRST);
    }

    private static GatewayApi.Price price(String input, String output, String cached) {
        return new GatewayApi.Price(input == null ? null : new BigDecimal(input),
                output == null ? null : new BigDecimal(output), cached == null ? null : new BigDecimal(cached));
    }

    private static GatewayApi.Model model(String provider, String id, String tier, Integer context, Integer output,
            GatewayApi.Price price, String... capabilities) {
        return new GatewayApi.Model(provider, id, id, tier, context, output, "seed", List.of(capabilities), price);
    }

    private static GatewayApi.SearchHit hit(String title, String role, String snippet) {
        return new GatewayApi.SearchHit("c1", title, "m1", role, MAY_FIRST, snippet, 0.5);
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
