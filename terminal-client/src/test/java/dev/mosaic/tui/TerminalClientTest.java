package dev.mosaic.tui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line: usage errors, help, and the one-shot mode against {@link ScriptedGateway}. */
class TerminalClientTest {

    @TempDir
    Path home;
    private ScriptedGateway gateway;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private String stdin = "";

    @BeforeEach
    void start() throws Exception {
        gateway = new ScriptedGateway();
    }

    @AfterEach
    void stop() throws Exception {
        gateway.close();
    }

    @Test
    void printsHelp() {
        assertEquals(TerminalClient.OK, run("--help"));
        assertEquals(Options.USAGE, out());
        assertEquals("", err());
    }

    @Test
    void aBadCommandLineExitsWithUsageError() {
        assertEquals(TerminalClient.USAGE, run("--frobnicate"));
        assertEquals("mosaic client: unknown option '--frobnicate' (try --help)\n", err());
        assertEquals(TerminalClient.USAGE, run("--url", "ws://x/v1/ws"));
        assertTrue(err().contains("no token"), err());
    }

    @Test
    void oneMessagePrintsOnlyTheAnswerOnStdout() {
        assertEquals(TerminalClient.OK, run("--url", gateway.url().toString(), "--token", ScriptedGateway.TOKEN,
                "-m", "hello"));
        assertEquals("Hello, world\n", out());
        String info = err();
        assertTrue(info.startsWith("▸ simulator/sim-echo — no provider is configured  [SIMULATED]\n"), info);
        assertTrue(info.contains("[12 in / 3 out tokens · first token 42 ms · 1.5 s total]\n"), info);
        assertTrue(info.matches("(?s).*conversation [0-9a-f-]{36}\n"), info);
    }

    @Test
    void oneMessageReadsFilesButWritesNone() throws Exception {
        Files.writeString(home.resolve("README.md"), "# Mosaic\n");
        assertEquals(TerminalClient.OK, run("--url", gateway.url().toString(), "--token", ScriptedGateway.TOKEN,
                "-m", "what is in the readme? #tool"));
        assertEquals("Let me look.\nThe tool said: # Mosaic\n", out());
        assertTrue(err().contains("⚙ read_file {\"path\":\"README.md\"} · on this client\n  ✓ read_file · 5 ms · "
                + "# Mosaic\n"), err());

        out.reset();
        err.reset();
        assertEquals(TerminalClient.OK, run("--url", gateway.url().toString(), "--token", ScriptedGateway.TOKEN,
                "-m", "save it #tool #write"));
        assertTrue(out().startsWith("Let me look.\nThe tool said: refused: this client runs without a person to ask "
                + "(-m)"), out());
        assertTrue(err().contains("  ✗ write_file · 5 ms · refused: "), err());
        assertFalse(Files.exists(home.resolve("notes.md")));
    }

    @Test
    void aPartialAnswerExitsWithThree() {
        assertEquals(TerminalClient.PARTIAL, run("--url", gateway.url().toString(), "--token", ScriptedGateway.TOKEN,
                "-m", "#fail"));
        assertEquals("Hello, \n", out());
        assertTrue(err().contains("[partial: provider_timeout: no data for 60 s]"), err());
    }

    @Test
    void readsTheMessageFromStdinAndContinuesAConversation() {
        stdin = "hello from a pipe\n";
        assertEquals(TerminalClient.OK, run("--url", gateway.url().toString(), "--token", ScriptedGateway.TOKEN,
                "-c", ScriptedGateway.KNOWN_CONVERSATION, "-m", "-"));
        assertTrue(err().contains("conversation " + ScriptedGateway.KNOWN_CONVERSATION), err());
    }

    @Test
    void aRejectedTokenOrUnknownConversationFails() {
        assertEquals(TerminalClient.FAILED, run("--url", gateway.url().toString(), "--token", "mosaic_wrong", "-m", "hi"));
        assertEquals("mosaic client: the gateway rejected the token: unknown token (unauthorized)\n", err());
        assertEquals("", out());

        err.reset();
        assertEquals(TerminalClient.FAILED, run("--url", gateway.url().toString(), "--token", ScriptedGateway.TOKEN,
                "-c", "c-unknown", "-m", "hi"));
        assertEquals("mosaic client: cannot continue conversation c-unknown: not_found: no such conversation\n", err());
    }

    @Test
    void theTokenFileOptionIsRead() throws Exception {
        Path file = home.resolve("token");
        Files.writeString(file, ScriptedGateway.TOKEN + "\n");
        assertEquals(TerminalClient.OK, run("--url", gateway.url().toString(), "--token-file", file.toString(),
                "-m", "hello"));
    }

    @Test
    void logsGoUnderTheCacheDirectory() {
        assertEquals(Path.of("/x/cache/mosaic/terminal-client.log"),
                TerminalClient.logFile(Map.of("XDG_CACHE_HOME", "/x/cache"), home));
        assertEquals(home.resolve(".cache/mosaic/terminal-client.log"), TerminalClient.logFile(Map.of(), home));
    }

    private int run(String... args) {
        return TerminalClient.run(List.of(args), Map.of(), home, home,
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
