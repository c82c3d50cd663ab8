package dev.mosaic.tui;

import static dev.mosaic.tui.FakeGateway.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The interactive client on a dumb terminal fed from a string, against {@link ScriptedGateway}. */
class InteractiveTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path workingDirectory;
    private ScriptedGateway gateway;
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final PipedOutputStream keys = new PipedOutputStream();
    private Terminal terminal;

    @BeforeEach
    void start() throws Exception {
        gateway = new ScriptedGateway();
    }

    @AfterEach
    void stop() throws Exception {
        keys.close();
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
        int status = new Interactive(new Options(gateway.url(), "mosaic_wrong", null, null, false), terminal,
                workingDirectory).run();
        assertEquals(TerminalClient.FAILED, status);
        assertTrue(screen().contains("error: the gateway rejected the token: unknown token (unauthorized)\n"
                + Interactive.NEW_TOKEN + "\n"), screen());
    }

    @Test
    void aTokenRevokedDuringTheSessionEndsItSayingHowToGetANewOne() throws Exception {
        assertEquals(TerminalClient.OK, run(null, "hello\nplease #revoke\nnever sent\n"));
        String screen = screen();
        assertTrue(screen.contains("error: your token was revoked, so the gateway ended the session\n"
                + Interactive.NEW_TOKEN + "\n"), screen);
        assertFalse(screen.contains("reconnect"), "nothing is tried again: " + screen);
        assertEquals(List.of("hello", "please #revoke"),
                sent("message:send").stream().map(f -> f.path("text").asText()).toList());
        assertTrue(screen.contains("resume this conversation with -c "), screen);
    }

    @Test
    void aTokenRevokedWhileDisconnectedEndsTheSessionAtTheReconnect() throws Exception {
        CompletableFuture<Integer> status = runInBackground(null, new PipedInputStream(keys));
        type("please #drop\n");
        eventually(() -> screen().contains("error: connection lost"));
        gateway.revoked = true;
        type("hello again\nnever sent\n");

        assertEquals(TerminalClient.OK, status.get(20, TimeUnit.SECONDS));
        assertTrue(screen().contains("error: the gateway rejected the token: the token was revoked; ask for a new one "
                + "(token_revoked)\n" + Interactive.NEW_TOKEN + "\n"), screen());
        assertEquals(1, sent("message:send").size(), "only the first message was sent");
    }

    @Test
    void searchListsTheMatchesAndResumesThePickedConversation() throws Exception {
        assertEquals(TerminalClient.OK, run(null, "/search hi there\n1\nmore\n"));
        String screen = screen();
        assertTrue(screen.contains("""
                2 messages match “hi there”:
                1. Greetings · you · %1$s
                   hi «there»
                2. Greetings · assistant · %1$s
                   Hello again, «there»
                pick a number to resume that conversation, or press Enter to go back
                """.formatted(local("2026-01-02T03:04:05Z"))), screen);
        assertEquals(List.of("/api/conversations/search?q=hi there&page=1&pageSize=10"), gateway.apiRequests());
        assertEquals(List.of(ScriptedGateway.KNOWN_CONVERSATION), opened());
        assertTrue(screen.contains("conversation " + ScriptedGateway.KNOWN_CONVERSATION + " “Greetings”, 2 messages\n"
                + "you› hi there\n"), screen);
        assertEquals(ScriptedGateway.KNOWN_CONVERSATION, sent("message:send").getLast().path("conversationId").asText(),
                "the next message continues the picked conversation");
    }

    @Test
    void enterAfterASearchGoesBackWithoutOpeningAnything() throws Exception {
        assertEquals(TerminalClient.OK, run(null, "/search hi there\n\nhello\n"));
        assertTrue(screen().contains("2 messages match “hi there”:"), screen());
        assertEquals(List.of(), opened());
        assertFalse(sent("message:send").getLast().has("conversationId"), "hello starts a new conversation");
        assertTrue(screen().contains("Hello, world"), screen());
    }

    @Test
    void searchSaysWhenNothingMatchesWhenThereIsMoreAndWhatTheGatewayRefused() throws Exception {
        String tooLong = "x".repeat(300);
        assertEquals(TerminalClient.OK, run(null, "/search nothing at all\n/search many\n\n/search " + tooLong
                + "\n/search\n"));
        String screen = screen();
        assertTrue(screen.contains("no messages match “nothing at all”\n"), screen);
        assertTrue(screen.contains("37 messages match “many”:\n 1. Greetings · you · "), screen);
        assertTrue(screen.contains("\n10. Greetings · you · "), "numbers are aligned: " + screen);
        assertTrue(screen.contains("    message «many» number 10\nshowing 10 of 37; refine the query\n"), screen);
        assertTrue(screen.contains("error: invalid_input: a query has at most 256 characters\n"), screen);
        assertTrue(screen.contains("search for what? e.g. /search lisbon"), screen);
        assertEquals(1, count(screen, "number> "), "only the list with results asks for a number: " + screen);
        assertEquals(3, gateway.apiRequests().size(), "an empty query never reaches the gateway");
        assertEquals(List.of(), opened());
    }

    @Test
    void ctrlCStopsWaitingForASearch() throws Exception {
        CompletableFuture<Integer> status = runInBackground(null, "/search slow\nhello\n");
        eventually(() -> !gateway.apiRequests().isEmpty());
        terminal.raise(Terminal.Signal.INT);
        assertEquals(TerminalClient.OK, status.get(10, TimeUnit.SECONDS));
        assertTrue(screen().contains("Hello, world"), "back at the prompt: " + screen());
        assertFalse(screen().contains("match"), screen());
    }

    @Test
    void resumeListsRecentConversationsAndAsksAgainForANumberNotOnTheList() throws Exception {
        assertEquals(TerminalClient.OK, run(null, "/resume\nthe first\n3\n1\n"));
        String screen = screen();
        assertTrue(screen.contains("""
                recent conversations:
                1. Greetings · 2 messages · last active %s
                2. (untitled) · 1 message · last active %s
                pick a number to resume that conversation, or press Enter to cancel
                """.formatted(local("2026-01-03T10:00:00Z"), local("2026-01-01T00:00:01Z"))), screen);
        assertEquals(2, count(screen, "type a number from 1 to 2, or press Enter to go back"), screen);
        assertEquals(List.of("/api/conversations?page=1&pageSize=10"), gateway.apiRequests());
        assertEquals(List.of(ScriptedGateway.KNOWN_CONVERSATION), opened());
        assertTrue(screen.contains("── continuing this conversation ──"), screen);
    }

    @Test
    void resumeMarksTheCurrentConversationAndEnterCancels() throws Exception {
        assertEquals(TerminalClient.OK, run(ScriptedGateway.KNOWN_CONVERSATION, "/resume\n\n"));
        assertTrue(screen().contains("1. Greetings · 2 messages · last active " + local("2026-01-03T10:00:00Z")
                + " (current)\n2. (untitled)"), screen());
        assertEquals(List.of(ScriptedGateway.KNOWN_CONVERSATION), opened(), "only -c opened it");
    }

    @Test
    void resumingAConversationThatIsGoneSaysSoAndCarriesOn() throws Exception {
        assertEquals(TerminalClient.OK, run(null, "/resume\n2\nhello\n"));
        assertTrue(screen().contains("error: cannot resume conversation " + ScriptedGateway.GONE_CONVERSATION
                + ": not_found: no such conversation"), screen());
        assertTrue(screen().contains("Hello, world"), screen());
    }

    @Test
    void helpListsTheClientsCommandsBeforeAskingTheGateway() throws Exception {
        assertEquals(TerminalClient.OK, run(null, "/help\n"));
        String screen = screen();
        int client = screen.indexOf(Interactive.CLIENT_HELP);
        assertTrue(client >= 0, screen);
        assertTrue(Interactive.CLIENT_HELP.contains("/resume") && Interactive.CLIENT_HELP.contains("/search"));
        assertTrue(Interactive.CLIENT_HELP.contains("/provider") && Interactive.CLIENT_HELP.contains("/model"));
        assertTrue(Interactive.CLIENT_HELP.contains("/login …") && Interactive.CLIENT_HELP.contains("/login openai"));
        assertTrue(screen.indexOf("unknown command '/help'") > client, "then the gateway's own: " + screen);
        assertEquals(List.of("/help"), sent("command:execute").stream().map(f -> f.path("command").asText()).toList());
    }

    @Test
    void saysBeforeTheAnswerThatTheContextWasCompacted() throws Exception {
        assertEquals(TerminalClient.OK, run(null, "long story #compact\nlonger #lost\n"));
        String screen = screen();
        assertTrue(screen.contains("""
                ▸ simulator/sim-echo — no provider is configured  [SIMULATED]
                ⋯ context: the 12 oldest messages are now a checkpoint summary (2,140 → 820 tokens of 8,192)
                ┊ greeting back
                """), screen);
        assertTrue(screen.contains("""
                ▸ simulator/sim-echo — no provider is configured  [SIMULATED]
                ⋯ context: the summarizer was unavailable, so the oldest messages were left out of the context \
                (2,140 → 820 tokens of 8,192)
                ┊ greeting back
                """), screen);
    }

    @Test
    void providerTablesTheProvidersHealthAndTheUsersOwnKeys() throws Exception {
        assertEquals(TerminalClient.OK, run(null, "/provider\nhello\n"));
        String screen = screen();
        assertTrue(screen.contains("""
                provider   status   latency   circuit  your key      last error
                openai     UP       123 ms    CLOSED   -             -
                anthropic  DOWN     5,012 ms  OPEN     sk-ant-…x9f2  connect timed out
                ollama     UNKNOWN  -         CLOSED   -             -
                """), screen);
        assertEquals(List.of("/api/providers/health", "/api/providers"), gateway.apiRequests());
        assertEquals(List.of(), sent("command:execute"), "the gateway's commands are not asked");
        assertTrue(screen.contains("Hello, world"), "back at the prompt: " + screen);
    }

    @Test
    void providersSaysWhenTheUsersKeysCannotBeRead() throws Exception {
        gateway.failCatalog = true;
        assertEquals(TerminalClient.OK, run(null, "/providers\n"));
        String screen = screen();
        assertTrue(screen.contains("anthropic  DOWN     5,012 ms  OPEN     ?         connect timed out\n"), screen);
        assertTrue(screen.contains(
                "cannot tell which keys are your own: unavailable: the key store is unavailable\n"), screen);
    }

    @Test
    void modelsShowsTheCatalogFilteredByProviderOrId() throws Exception {
        assertEquals(TerminalClient.OK, run(null, "/models\n/models CLAUDE\n/models ollama\n/models zzz\n"));
        String screen = screen();
        assertTrue(screen.contains("""
                anthropic
                  claude-sonnet-4-6  standard  200K     64K     $3 / $15, cached $0.30   tools, vision, reasoning, streaming
                  claude-opus-4-1    premium   200K     32K     $15 / $75, cached $1.50  tools, vision
                openai
                  gpt-4o-mini        cheap     128K     16K     $0.15 / $0.60            tools, streaming
                ollama
                  llama3.2           local     ?        ?       free                     -
                """), screen);
        assertTrue(screen.contains("""
                2 models match “CLAUDE”:
                  model              tier      context  output  $ per M tokens in / out  capabilities
                anthropic
                  claude-sonnet-4-6  standard  200K     64K     $3 / $15, cached $0.30   tools, vision, reasoning, streaming
                  claude-opus-4-1    premium   200K     32K     $15 / $75, cached $1.50  tools, vision
                """), screen);
        assertTrue(screen.contains("1 model matches “ollama”:\n"), screen);
        assertTrue(screen.contains("no models match “zzz”\n"), screen);
        assertEquals(List.of(), sent("command:execute"), "the catalog and its filter stay in the client");
        assertEquals(List.of("/api/models", "/api/models", "/api/models", "/api/models"), gateway.apiRequests());
    }

    @Test
    void modelAndWhyAreTheGatewaysCommands() throws Exception {
        assertEquals(TerminalClient.OK, run(null, "/model\n/model claude-opus-4-6\n/why\n"));
        assertEquals(List.of("/model", "/model claude-opus-4-6", "/why"),
                sent("command:execute").stream().map(f -> f.path("command").asText()).toList());
        assertTrue(screen().contains("simulator/sim-echo answers: no provider is configured"), screen());
    }

    @Test
    void modelsSaysWhenTheCatalogCannotBeRead() throws Exception {
        gateway.failCatalog = true;
        assertEquals(TerminalClient.OK, run(null, "/models\nhello\n"));
        String screen = screen();
        assertTrue(screen.contains("error: unavailable: the catalog is being refreshed\n"), screen);
        assertTrue(screen.contains("Hello, world"), screen);
    }

    @Test
    void loginCatchesTheBrowserComingBackAndTurnsAwayAnotherLogin() throws Exception {
        int port = OAuthCallbackTest.freePort();
        gateway.oauthRedirect = "http://localhost:" + port + "/callback";
        gateway.oauthExpiresAt = Instant.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MINUTES);
        CompletableFuture<Integer> status = runInBackground(null, new PipedInputStream(keys));
        type("/login anthropic\n");
        eventually(() -> screen().contains("paste> "));

        HttpResponse<String> stale = browse("http://127.0.0.1:" + port + "/callback?code=old&state=st-earlier");
        assertEquals(400, stale.statusCode());
        eventually(() -> screen().contains("turned away a browser that came back from another login"));
        HttpResponse<String> page = browse("http://127.0.0.1:" + port + "/callback?code=c-123&state="
                + ScriptedGateway.OAUTH_STATE);
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("Mosaic: login received, you can close this tab."), page.body());
        eventually(() -> screen().contains("logged in to anthropic"));
        type("hello\n/quit\n");

        assertEquals(TerminalClient.OK, status.get(20, TimeUnit.SECONDS));
        String screen = screen();
        String expires = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT).withZone(ZoneId.systemDefault())
                .format(gateway.oauthExpiresAt);
        assertTrue(screen.contains("""
                to log in to anthropic, open this address in a browser before %s:
                %s
                paste the redirect URL or code here, or wait for the browser to come back (Enter or Ctrl+C cancels)
                """.formatted(expires, ScriptedGateway.AUTHORIZATION_URL)), screen);
        assertTrue(screen.contains("logged in to anthropic with OAuth (token expires " + expires
                + ", refreshed automatically)\n"), screen);
        assertEquals(List.of(JSON.createObjectNode().put("state", ScriptedGateway.OAUTH_STATE).put("code", "c-123")),
                gateway.oauthCompletions());
        assertEquals(List.of("/api/providers/anthropic/oauth", "/api/providers/anthropic/oauth/complete"),
                gateway.apiRequests());
        assertTrue(screen.contains("Hello, world"), "back at the prompt: " + screen);
        assertPortFree(port);
    }

    @Test
    void loginTakesWhatIsPastedWhileTheBrowserIsAwaited() throws Exception {
        int port = OAuthCallbackTest.freePort();
        gateway.oauthRedirect = "http://127.0.0.1:" + port + "/callback";
        gateway.oauthExpiresAt = Instant.now().plus(Duration.ofDays(30)).truncatedTo(ChronoUnit.MINUTES);
        String pasted = "http://127.0.0.1:" + port + "/callback?code=c-9&state=" + ScriptedGateway.OAUTH_STATE;

        assertEquals(TerminalClient.OK, run(null, "/login OpenAI\n  " + pasted + "  \nhello\n"));

        String screen = screen();
        assertEquals(List.of(JSON.createObjectNode().put("state", ScriptedGateway.OAUTH_STATE).put("response", pasted)),
                gateway.oauthCompletions());
        assertEquals("/api/providers/openai/oauth", gateway.apiRequests().getFirst());
        assertTrue(screen.contains("logged in to openai with OAuth (token expires "
                + local(gateway.oauthExpiresAt.toString()) + ", refreshed automatically)\n"),
                "a day or more away, with its date: " + screen);
        assertTrue(screen.contains("Hello, world"), screen);
        assertPortFree(port);
    }

    @Test
    void loginFallsBackToPastingWhenThePortIsBusy() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            gateway.oauthRedirect = "http://localhost:" + taken.getLocalPort() + "/callback";
            assertEquals(TerminalClient.OK, run(null, "/login anthropic\nc-9#" + ScriptedGateway.OAUTH_STATE + "\n"));
            assertTrue(screen().contains("port " + taken.getLocalPort() + " on this machine is busy, so the browser "
                    + "cannot be caught; paste what it shows after you log in\n"), screen());
        }
        assertTrue(screen().contains(
                "paste the redirect URL or code here once you have logged in (Enter or Ctrl+C cancels)\n"), screen());
        assertEquals(List.of(JSON.createObjectNode().put("state", ScriptedGateway.OAUTH_STATE)
                .put("response", "c-9#" + ScriptedGateway.OAUTH_STATE)), gateway.oauthCompletions());
        assertTrue(screen().contains("logged in to anthropic with OAuth"), screen());
    }

    @Test
    void loginSaysWhatWentWrongAndAnEmptyLineCancels() throws Exception {
        assertEquals(TerminalClient.OK, run(null, """
                /login
                /login anthropic openai
                /login mistral
                /login anthropic

                /login anthropic
                c-1 expired
                /login anthropic
                c-2 refused
                hello
                """));
        String screen = screen();
        assertEquals(2, count(screen, Interactive.LOGIN_USAGE + "\n"), screen);
        assertTrue(screen.contains("error: invalid_input: mistral has no OAuth login configured; OAuth is offered for "
                + "anthropic, openai\n"), screen);
        assertTrue(screen.contains("the browser is sent back to https://console.example/oauth/code/callback, not to "
                + "this machine; paste what it shows after you log in\n"), screen);
        assertTrue(screen.contains("paste> login cancelled\n"), "the dumb terminal echoes nothing: " + screen);
        assertTrue(screen.contains("error: the login to anthropic expired or is unknown to the gateway; start again "
                + "with /login anthropic\n"), screen);
        assertTrue(screen.contains("error: anthropic refused the code: invalid_grant: the code was already used; start "
                + "again with /login anthropic\n"), screen);
        assertFalse(screen.contains("logged in to"), screen);
        assertEquals(2, gateway.oauthCompletions().size(), "nothing to complete after Enter");
        assertTrue(screen.contains("Hello, world"), "back at the prompt: " + screen);
    }

    @Test
    void ctrlCCancelsTheLoginAndStopsListening() throws Exception {
        int port = OAuthCallbackTest.freePort();
        gateway.oauthRedirect = "http://localhost:" + port + "/callback";
        CompletableFuture<Integer> status = runInBackground(null, new PipedInputStream(keys));
        type("/login anthropic\n");
        eventually(() -> screen().contains("paste> "));
        terminal.raise(Terminal.Signal.INT);
        eventually(() -> screen().contains("login cancelled\n"));
        assertPortFree(port);
        type("hello\n/quit\n");

        assertEquals(TerminalClient.OK, status.get(20, TimeUnit.SECONDS));
        assertEquals(List.of(), gateway.oauthCompletions());
        assertTrue(screen().contains("Hello, world"), screen());
    }

    @Test
    void anErrorTheBrowserBringsBackEndsTheLogin() throws Exception {
        int port = OAuthCallbackTest.freePort();
        gateway.oauthRedirect = "http://localhost:" + port + "/callback";
        CompletableFuture<Integer> status = runInBackground(null, new PipedInputStream(keys));
        type("/login anthropic\n");
        eventually(() -> screen().contains("paste> "));
        assertEquals(400, browse("http://127.0.0.1:" + port + "/callback?error=access_denied"
                + "&error_description=the+user+said+no&state=" + ScriptedGateway.OAUTH_STATE).statusCode());
        eventually(() -> screen().contains("error: anthropic refused the login: access_denied: the user said no\n"));
        type("/quit\n");

        assertEquals(TerminalClient.OK, status.get(20, TimeUnit.SECONDS));
        assertEquals(List.of(), gateway.oauthCompletions());
        assertPortFree(port);
    }

    @Test
    void aToolExchangeShowsItsToolsAndThePromptComesBackOnlyAtItsEnd() throws Exception {
        Files.writeString(workingDirectory.resolve("README.md"), "# Mosaic\n");
        assertEquals(TerminalClient.OK, run(null, "what is in the readme? #tool\nhello\n"));
        String screen = screen();
        assertTrue(screen.contains("""
                ▸ simulator/sim-echo · agent coding-agent v1 — no provider is configured  [SIMULATED]
                Let me look.
                ⚙ read_file({"path":"README.md"})
                ⚙ read_file {"path":"README.md"} · on this client
                  ✓ read_file · 5 ms · # Mosaic
                The tool said: # Mosaic
                [20 in / 4 out tokens · first token 40 ms · 1.0 s total]
                you>\s"""), screen);
        assertEquals(3, count(screen, "you> "), "one prompt per line read, none in the middle of the exchange: " + screen);
        assertEquals("# Mosaic\n", gateway.toolResults().getFirst().path("content").asText());
    }

    @Test
    void writingAFileAsksThePersonFirst() throws Exception {
        assertEquals(TerminalClient.OK, run(null, "save it #tool #write\nn\nsave it now #tool #write\ny\n"));
        String screen = screen();
        assertEquals(2, count(screen, "allow the model to write 3 bytes to notes.md, a new file? [y/N] "), screen);
        assertTrue(screen.contains("The tool said: refused: the person did not allow it to write 3 bytes to notes.md, "
                + "a new file\n"), screen);
        assertTrue(screen.contains("The tool said: wrote 3 bytes to notes.md\n"), screen);
        assertEquals("hi\n", Files.readString(workingDirectory.resolve("notes.md")));
        assertEquals(List.of(true, false), gateway.toolResults().stream()
                .map(result -> result.path("isError").asBoolean(false)).toList());
    }

    @Test
    void saysWhichToolsTheGatewayRefusedAndOffersThemAgainAfterReconnecting() throws Exception {
        gateway.refusedTool = "grep";
        assertEquals(TerminalClient.OK, run(null, "hello\nplease #drop\nback again\n"));
        String screen = screen();
        assertTrue(screen.contains("the gateway did not take this client's tool grep: the gateway has a tool of that "
                + "name\n"), screen);
        List<JsonNode> offers = sent("tools:offer");
        assertEquals(2, offers.size(), "on connecting and on reconnecting");
        assertEquals(List.of("read_file", "list_files", "grep", "write_file"),
                offers.getLast().path("tools").findValuesAsText("name"));
    }

    @Test
    void theStepLimitEndsTheExchangeVisibly() throws Exception {
        assertEquals(TerminalClient.OK, run(null, "what time is it? #steps\nhello\n"));
        String screen = screen();
        assertTrue(screen.contains("""
                ⚙ current_time {} · on the gateway
                  ✓ current_time · 5 ms · 2026-12-03T12:00:00Z (Thursday)
                [stopped: the agent reached its limit of tool steps (the agent may take 1 tool step per message)]
                """), screen);
        assertTrue(screen.contains("Hello, world"), "back at the prompt: " + screen);
    }

    @Test
    void agentNewAsksForEachPartAndLetsThePersonFixWhatTheGatewayRefused() throws Exception {
        assertEquals(TerminalClient.OK, run(null, """
                /agent new
                Reviewer
                reviews code
                You review code.
                Be brief.
                .
                openai/gpt-4o
                read_file, grep
                y
                reviewer


                .


                /agent new
                solo

                .


                n
                /agent
                /agent reviewer
                """));
        String screen = screen();
        assertTrue(screen.contains("known tools: current_time, grep, list_files, read_file, write_file\n"), screen);
        assertTrue(screen.contains("error: the gateway did not create the agent: invalid_input: name must be 1-64 "
                + "lower-case letters, digits, '-' or '_', starting with a letter\n"), screen);
        assertTrue(screen.contains("name (" + Interactive.AGENT_NAME_RULE + ") [Reviewer] "), screen);
        assertTrue(screen.contains("""
                created agent reviewer v1
                  model: openai/gpt-4o · tools: read_file, grep · switch to it with /agent reviewer
                """), screen);
        assertTrue(screen.contains("error: the gateway did not create the agent: invalid_input: systemPrompt must not "
                + "be empty: it is what makes the agent what it is\n"), screen);
        assertTrue(screen.contains("no agent created\n"), screen);
        List<JsonNode> bodies = gateway.createdAgents();
        assertEquals(3, bodies.size());
        assertEquals(JSON.readTree("""
                {"name":"reviewer","description":"reviews code","systemPrompt":"You review code.\\nBe brief.",
                 "defaultModel":"openai/gpt-4o","tools":["read_file","grep"]}"""), bodies.get(1));
        assertEquals(JSON.readTree("""
                {"name":"solo","description":"","systemPrompt":"","defaultModel":null,"tools":[]}"""), bodies.get(2));
        assertEquals(List.of("/agent", "/agent reviewer"),
                sent("command:execute").stream().map(f -> f.path("command").asText()).toList(),
                "listing and switching agents are the gateway's");
    }

    @Test
    void statsShowWhatTheConversationUsed() throws Exception {
        assertEquals(TerminalClient.OK, run(null, "/stats\nhello\n/stats\n"));
        String screen = screen();
        assertTrue(screen.contains("no conversation yet: send a message first, or /resume one\n"), screen);
        Matcher created = Pattern.compile("new conversation ([0-9a-f-]{36}) ").matcher(screen);
        assertTrue(created.find(), screen);
        String conversation = created.group(1);
        assertEquals(List.of("/api/conversations/" + conversation + "/metrics"), gateway.apiRequests());
        assertTrue(screen.contains("""
                conversation %s:
                  turns       4
                  tokens      12,345 in / 678 out (9,000 cached)
                  cost        $0.0123
                  switches    1 model switch · 0 agent switches
                  tool calls  3
                  active      1 min 15 s
                """.formatted(conversation)), screen);
    }

    private List<String> opened() {
        return sent("conversation:open").stream().map(f -> f.path("conversationId").asText()).toList();
    }

    private List<JsonNode> sent(String type) {
        return gateway.received().stream().filter(f -> f.path("type").asText().equals(type)).toList();
    }

    private static String local(String instant) {
        return DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(ZoneId.systemDefault())
                .format(Instant.parse(instant));
    }

    private int run(String conversationId, String input) throws Exception {
        return runInBackground(conversationId, input).get(20, TimeUnit.SECONDS);
    }

    private CompletableFuture<Integer> runInBackground(String conversationId, String input) throws Exception {
        return runInBackground(conversationId, new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
    }

    /** With {@code input} a pipe, {@link #type} writes what the user types while the client runs. */
    private CompletableFuture<Integer> runInBackground(String conversationId, InputStream input) throws Exception {
        terminal = new DumbTerminal("test", Terminal.TYPE_DUMB, input, output, StandardCharsets.UTF_8);
        Interactive client = new Interactive(
                new Options(gateway.url(), ScriptedGateway.TOKEN, conversationId, null, false), terminal,
                workingDirectory);
        return CompletableFuture.supplyAsync(client::run, Thread::startVirtualThread);
    }

    private void type(String text) throws IOException {
        keys.write(text.getBytes(StandardCharsets.UTF_8));
        keys.flush();
    }

    /** What the browser does at the end of a login: a GET of the redirect URI. */
    private HttpResponse<String> browse(String url) throws IOException, InterruptedException {
        try (HttpClient browser = HttpClient.newHttpClient()) {
            return browser.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }

    /** That nothing listens on {@code port} any more: it can be bound again. */
    private static void assertPortFree(int port) throws IOException {
        try (ServerSocket again = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
            assertEquals(port, again.getLocalPort());
        }
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
