package dev.mosaic.tui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OptionsTest {

    @TempDir
    Path home;

    @Test
    void takesEverythingFromTheCommandLine() throws Exception {
        Options options = parse(Map.of(), "--url", "wss://chat.example.org/v1/ws", "--token", "mosaic_cli", "-c", "c1");
        assertEquals(URI.create("wss://chat.example.org/v1/ws"), options.url());
        assertEquals("mosaic_cli", options.token());
        assertEquals("c1", options.conversationId());
        assertNull(options.message());
        assertFalse(options.help());
    }

    @Test
    void acceptsOptionEqualsValue() throws Exception {
        Options options = parse(Map.of(), "--url=ws://10.0.0.2:9000/v1/ws", "--token=t", "--message=hi");
        assertEquals(URI.create("ws://10.0.0.2:9000/v1/ws"), options.url());
        assertEquals("hi", options.message());
    }

    @Test
    void urlComesFromTheEnvironmentOrTheDefault() throws Exception {
        assertEquals(URI.create(Options.DEFAULT_URL), parse(Map.of(), "--token", "t").url());
        assertEquals(URI.create("ws://gateway:8080/v1/ws"),
                parse(Map.of("MOSAIC_URL", "ws://gateway:8080/v1/ws"), "--token", "t").url());
        assertEquals(URI.create("ws://cli:1/v1/ws"),
                parse(Map.of("MOSAIC_URL", "ws://env:2/v1/ws"), "--url", "ws://cli:1/v1/ws", "--token", "t").url());
    }

    @Test
    void aUrlWithoutPathMeansTheWebSocketEndpoint() throws Exception {
        assertEquals(URI.create("ws://127.0.0.1:8080/v1/ws"), parse(Map.of(), "--url", "ws://127.0.0.1:8080", "--token", "t").url());
        assertEquals(URI.create("wss://h/v1/ws"), parse(Map.of(), "--url", "wss://h/", "--token", "t").url());
    }

    @Test
    void rejectsUrlsThatAreNotWebSockets() {
        assertEquals("the gateway URL must look like ws://host:port/v1/ws (or wss://…), not http://127.0.0.1:8080",
                usageError(Map.of(), "--url", "http://127.0.0.1:8080", "--token", "t"));
        assertEquals("not a URL: ws://bad host", usageError(Map.of(), "--url", "ws://bad host", "--token", "t"));
    }

    @Test
    void tokenPrecedenceIsFlagThenFileThenEnvironmentThenDefaultFile() throws Exception {
        Path file = write(home.resolve("cli-token"), "mosaic_file\n");
        write(Options.defaultTokenFile(home), "mosaic_default");
        Map<String, String> env = Map.of("MOSAIC_TOKEN", "mosaic_env");

        assertEquals("mosaic_flag", parse(env, "--token", "mosaic_flag").token());
        assertEquals("mosaic_file", parse(env, "--token-file", file.toString()).token());
        assertEquals("mosaic_env", parse(env).token());
        assertEquals("mosaic_default", parse(Map.of()).token());
        assertEquals("mosaic_default", parse(Map.of("MOSAIC_TOKEN", "  ")).token());
    }

    @Test
    void withoutAnyTokenSaysWhereToPutOne() {
        String message = usageError(Map.of());
        assertTrue(message.startsWith("no token: pass --token <token> or --token-file <path>, set MOSAIC_TOKEN, or put "
                + "the token in "), message);
        assertTrue(message.endsWith(Path.of(".config", "mosaic", "token").toString()), message);
    }

    @Test
    void explainsBadTokenFiles() throws Exception {
        Path missing = home.resolve("nope");
        assertEquals("token file " + missing + " does not exist", usageError(Map.of(), "--token-file", missing.toString()));
        Path empty = write(home.resolve("empty"), " \n");
        assertEquals("token file " + empty + " is empty", usageError(Map.of(), "--token-file", empty.toString()));
        Path two = write(home.resolve("two"), "mosaic_a\nmosaic_b\n");
        assertEquals("token file " + two + " holds more than one token (it contains spaces or line breaks)",
                usageError(Map.of(), "--token-file", two.toString()));
        write(Options.defaultTokenFile(home), "");
        assertEquals("token file " + Options.defaultTokenFile(home) + " is empty", usageError(Map.of()));
    }

    @Test
    void rejectsContradictionsAndUnknownOptions() {
        assertEquals("give either --token or --token-file, not both",
                usageError(Map.of(), "--token", "t", "--token-file", "f"));
        assertEquals("unknown option '--verbose'", usageError(Map.of(), "--verbose"));
        assertEquals("unknown option 'hello'", usageError(Map.of(), "hello"));
        assertEquals("--url needs a value", usageError(Map.of(), "--token", "t", "--url"));
        assertEquals("-c needs a conversation id", usageError(Map.of(), "--token", "t", "-c", " "));
        assertEquals("--token is empty", usageError(Map.of(), "--token", ""));
    }

    @Test
    void helpNeedsNothingElse() throws Exception {
        Options options = parse(Map.of(), "--url", "http://ignored", "--help");
        assertTrue(options.help());
        assertTrue(parse(Map.of(), "-h").help());
        assertTrue(Options.USAGE.contains("--token-file <path>"));
    }

    @Test
    void neverShowsTheToken() throws Exception {
        assertFalse(parse(Map.of(), "--token", "mosaic_secret").toString().contains("mosaic_secret"));
    }

    private Options parse(Map<String, String> env, String... args) throws Options.UsageException {
        return Options.parse(List.of(args), env, home);
    }

    private String usageError(Map<String, String> env, String... args) {
        return assertThrows(Options.UsageException.class, () -> parse(env, args)).getMessage();
    }

    private static Path write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
    }
}
