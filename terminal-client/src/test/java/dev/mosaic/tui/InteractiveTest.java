package dev.mosaic.tui;

import static dev.mosaic.tui.FakeGateway.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The interactive client on a dumb terminal fed from a string, against {@link ScriptedGateway}. */
class InteractiveTest {

    private ScriptedGateway gateway;
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private Terminal terminal;

    @BeforeEach
    void start() throws Exception {
        gateway = new ScriptedGateway();
    }

    @AfterEach
    void stop() throws Exception {
        if (terminal != null) {
            terminal.close();
        }
        gateway.close();
    }

    @Test
    void chatsAndRunsCommands() throws Exception {
        int status = run(null, """
                hello
                /history
                /bogus
                //slash is text
                /new
                hello again
                /help
                /quit
                never read
                """);

        assertEquals(TerminalClient.OK, status);
        String screen = screen();
        assertTrue(screen.contains("connected to " + gateway.url() + " as user u-1"), screen);
        Matcher created = Pattern.compile("new conversation ([0-9a-f-]{36}) \\(resume it later with -c \\1\\)")
                .matcher(screen);
        assertTrue(created.find(), screen);
        String first = created.group(1);
        assertTrue(screen.contains("""
                ▸ simulator/sim-echo — no provider is configured  [SIMULATED]
                ┊ greeting back
                Hello, world
                [12 in / 3 out tokens · first token 42 ms · 1.5 s total]
                """), screen);
        assertTrue(screen.contains("2 messages in " + first), screen);
        assertTrue(screen.contains("error: unknown_command: unknown command '/bogus'; try /help"), screen);
        assertTrue(screen.contains("the next message starts a new conversation"), screen);
        assertTrue(created.find(), "hello again starts a second conversation: " + screen);
        assertFalse(created.find(), "//slash stayed in the first conversation: " + screen);
        assertTrue(screen.contains(Interactive.CLIENT_HELP), screen);
        assertTrue(screen.contains("error: unknown_command: unknown command '/help'"), "the scripted gateway has no /help");
        assertTrue(screen.contains("resume this conversation with -c "), screen);
        assertEquals(3, count(screen, "[SIMULATED]"), "one header per answer: " + screen);
        assertFalse(screen.contains("never read"));
    }

    @Test
    void resumesAConversation() throws Exception {
        assertEquals(TerminalClient.OK, run(ScriptedGateway.KNOWN_CONVERSATION, "more\n"));
        String screen = screen();
        assertTrue(screen.contains("""
                conversation %s “Greetings”, 2 messages
                you› hi there
                ▸ simulator/sim-echo
                Hello again
                ── continuing this conversation ──
                """.formatted(ScriptedGateway.KNOWN_CONVERSATION)), screen);
        assertFalse(screen.contains("new conversation"), "the answer continues the resumed one: " + screen);
        assertTrue(screen.contains("resume this conversation with -c " + ScriptedGateway.KNOWN_CONVERSATION), screen);
    }

    @Test
    void resumingAnUnknownConversationFails() throws Exception {
        assertEquals(TerminalClient.FAILED, run("c-unknown", "hello\n"));
        assertTrue(screen().contains("error: cannot resume conversation c-unknown: not_found: no such conversation"),
                screen());
        assertFalse(screen().contains("connection closed"), "leaving is not news: " + screen());
    }

    @Test
    void ctrlCWhileAnAnswerStreamsAbortsItAndTheClientCarriesOn() throws Exception {
        CompletableFuture<Integer> status = runInBackground(null, "tell me a story #wait\nthanks\n");
        eventually(() -> screen().contains("Hello, "));
        terminal.raise(Terminal.Signal.INT);

        assertEquals(TerminalClient.OK, status.get(10, TimeUnit.SECONDS));
        String screen = screen();
        assertTrue(screen.contains("Hello, \n[partial: aborted: the reply was stopped]\n"), screen);
        assertTrue(screen.contains("Hello, world"), "the next message was answered: " + screen);
    }

    @Test
    void aSecondCtrlCStopsWaiting() throws Exception {
        CompletableFuture<Integer> status = runInBackground(null, "story #hang\n");
        eventually(() -> screen().contains("Hello, "));
        terminal.raise(Terminal.Signal.INT);
        terminal.raise(Terminal.Signal.INT);
        assertEquals(TerminalClient.OK, status.get(10, TimeUnit.SECONDS));
        assertTrue(screen().contains("Hello, \nstopped waiting; the gateway still finishes and keeps the answer\n"),
                screen());
    }

    @Test
    void reconnectsAfterALostConnection() throws Exception {
        assertEquals(TerminalClient.OK, run(null, "hello\nplease #drop\nback again\n"));
        String screen = screen();
        assertTrue(screen.contains("error: connection lost"), screen);
        assertTrue(screen.contains("reconnecting to " + gateway.url()), screen);
        assertEquals(2, count(screen, "Hello, world"), screen);
        assertEquals(1, count(screen, "new conversation "), "back in the same conversation: " + screen);
    }

    @Test
    void aRejectedTokenEndsTheClient() throws Exception {
        terminal = new DumbTerminal("test", Terminal.TYPE_DUMB, InputStream.nullInputStream(), output,
                StandardCharsets.UTF_8);
        int status = new Interactive(new Options(gateway.url(), "mosaic_wrong", null, null, false), terminal).run();
        assertEquals(TerminalClient.FAILED, status);
        assertTrue(screen().contains("error: the gateway rejected the token: unknown token (unauthorized)"), screen());
    }

    private int run(String conversationId, String input) throws Exception {
        return runInBackground(conversationId, input).get(20, TimeUnit.SECONDS);
    }

    private CompletableFuture<Integer> runInBackground(String conversationId, String input) throws Exception {
        terminal = new DumbTerminal("test", Terminal.TYPE_DUMB,
                new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), output, StandardCharsets.UTF_8);
        Interactive client = new Interactive(
                new Options(gateway.url(), ScriptedGateway.TOKEN, conversationId, null, false), terminal);
        return CompletableFuture.supplyAsync(client::run, Thread::startVirtualThread);
    }

    private String screen() {
        return output.toString(StandardCharsets.UTF_8).replace("\r", "");
    }

    private static int count(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
    }
}
