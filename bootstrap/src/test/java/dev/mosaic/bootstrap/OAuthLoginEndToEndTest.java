package dev.mosaic.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mosaic.simulator.ProviderSimulator;
import dev.mosaic.simulator.RecordedRequest;
import dev.mosaic.simulator.Reply;
import dev.mosaic.simulator.SimulatorOptions;
import dev.mosaic.testsupport.Browser;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole OAuth login through the production wiring: the gateway starts a login, a real OAuth
 * 2.0 authorization server (running in-process) grants a code to the browser, the gateway exchanges
 * it with the PKCE verifier, stores the tokens encrypted, renews them before they expire, and the
 * user's replies then come from that provider with that login.
 */
class OAuthLoginEndToEndTest {

    private static final MockOAuth2Server authorizationServer = new MockOAuth2Server();
    /** Plays both providers' APIs: it speaks Anthropic Messages and OpenAI Responses alike. */
    private static ProviderSimulator providerApi;
    private static GatewayHarness harness;

    @BeforeAll
    static void start() {
        authorizationServer.start();
        providerApi = ProviderSimulator.start(SimulatorOptions.defaults().withTokenDelay(Duration.ofMillis(1)));
        harness = GatewayHarness.start(Map.ofEntries(
                // No gateway keys and an automatic choice: a user's own login answers that user.
                Map.entry("MOSAIC_PROVIDER", "auto"),
                Map.entry("OPENAI_OAUTH_AUTHORIZE_URL", authorizationServer.authorizationEndpointUrl("openai").toString()),
                Map.entry("OPENAI_OAUTH_TOKEN_URL", authorizationServer.tokenEndpointUrl("openai").toString()),
                Map.entry("OPENAI_OAUTH_API_BASE_URL", providerApi.baseUrl().toString()),
                Map.entry("ANTHROPIC_OAUTH_AUTHORIZE_URL", authorizationServer.authorizationEndpointUrl("anthropic").toString()),
                Map.entry("ANTHROPIC_OAUTH_TOKEN_URL", authorizationServer.tokenEndpointUrl("anthropic").toString()),
                Map.entry("ANTHROPIC_BASE_URL", providerApi.rootUrl().toString()),
                // This server reads token requests in the standard form encoding, and OpenID scopes only.
                Map.entry("ANTHROPIC_OAUTH_TOKEN_REQUEST", "form"),
                Map.entry("ANTHROPIC_OAUTH_SCOPES", "openid offline_access")));
    }

    @AfterAll
    static void stop() {
        if (harness != null) {
            harness.close();
        }
        providerApi.close();
        authorizationServer.shutdown();
    }

    /** Starts a login, lets the browser fetch the code, and completes the login as the terminal client does. */
    private static JsonNode logIn(String token, String provider, boolean pasted) throws Exception {
        GatewayHarness.HttpResult started = harness.send("POST", "/api/providers/" + provider + "/oauth", token, null);
        assertEquals(200, started.status(), String.valueOf(started.body()));
        URI authorizationUrl = URI.create(started.body().path("authorizationUrl").asText());
        Map<String, String> sent = Browser.query(authorizationUrl);
        assertEquals("S256", sent.get("code_challenge_method"));
        assertFalse(authorizationUrl.toString().contains("code_verifier"), "the verifier stays in the gateway");

        URI redirect = Browser.authorize(authorizationUrl);
        assertEquals(started.body().path("redirectUri").asText(), redirect.resolve(redirect.getPath()).toString());
        String body = pasted
                ? "{\"response\":\"" + redirect + "\"}"
                : "{\"state\":\"" + started.body().path("state").asText() + "\",\"code\":\""
                        + Browser.query(redirect).get("code") + "\"}";
        GatewayHarness.HttpResult completed = harness.send("POST", "/api/providers/" + provider + "/oauth/complete", token,
                body);
        assertEquals(200, completed.status(), String.valueOf(completed.body()));
        return completed.body();
    }

    private static JsonNode chat(String token, String text) throws Exception {
        try (RawSocket socket = new RawSocket(harness.webSocket(), token)) {
            socket.next("ready");
            socket.send("{\"type\":\"message:send\",\"text\":\"" + text + "\"}");
            JsonNode session = socket.next("session:info");
            JsonNode end = socket.next("message:end");
            assertEquals("complete", end.path("status").asText(), end.toString());
            return session;
        }
    }

    private static List<RecordedRequest> requestsTo(String path) {
        return providerApi.requests().stream().filter(r -> r.path().equals(path)).toList();
    }

    @Test
    void aChatGptLoginAnswersItsUserThroughTheCodexBackendAndIsRenewedBeforeItExpires() throws Exception {
        // Tokens that last a minute: inside the renewal margin, so every use renews them first.
        authorizationServer.enqueueCallback(new DefaultOAuth2TokenCallback("openai", "alice", "JWT", List.of("mosaic"),
                Map.of("https://api.openai.com/auth", Map.of("chatgpt_account_id", "acc_alice")), 60));
        String alice = harness.newUser();
        String bob = harness.newUser();

        JsonNode login = logIn(alice, "openai", false);
        assertEquals("oauth", login.path("kind").asText());
        assertFalse(login.toString().contains("eyJ"), "no token comes back, only a hint: " + login);
        Instant loggedInAt = Instant.parse(login.path("updatedAt").asText());

        providerApi.script(Reply.text("hello from the Codex backend"));
        JsonNode session = chat(alice, "hi");
        assertEquals("openai", session.path("provider").asText());
        assertEquals("gpt-5.4", session.path("model").asText());
        assertTrue(session.path("reason").asText().contains("your own openai login"), session.toString());

        RecordedRequest call = requestsTo("/v1/responses").getLast();
        assertEquals("acc_alice", call.header("chatgpt-account-id"));
        assertEquals("responses=experimental", call.header("OpenAI-Beta"));
        assertNotNull(call.header("Authorization"), "sent with the login's bearer token");
        assertEquals("gpt-5.4", call.body().path("model").asText());

        JsonNode stored = harness.get("/api/providers", alice).body().path("credentials").get(0);
        assertTrue(Instant.parse(stored.path("updatedAt").asText()).isAfter(loggedInAt),
                "renewed with the refresh token before the reply: " + stored);
        assertEquals("acc_alice", call.header("chatgpt-account-id"), "the renewed token names the same account");

        int codexCalls = requestsTo("/v1/responses").size();
        JsonNode bobs = chat(bob, "and me?");
        assertEquals("simulator", bobs.path("provider").asText(), "alice's login is hers alone");
        assertEquals(codexCalls, requestsTo("/v1/responses").size());
    }

    @Test
    void aClaudeLoginPastedAsTheRedirectAddressAnswersWithItsBearerAndPreamble() throws Exception {
        String carol = harness.newUser();

        JsonNode login = logIn(carol, "anthropic", true);
        assertEquals("oauth", login.path("kind").asText());

        providerApi.script(Reply.text("hello from Claude"));
        JsonNode session = chat(carol, "hi");
        assertEquals("anthropic", session.path("provider").asText());

        RecordedRequest call = requestsTo("/v1/messages").getLast();
        assertNotNull(call.header("Authorization"));
        assertEquals(null, call.header("x-api-key"), "a login sends no API key");
        assertTrue(call.header("anthropic-beta").contains("oauth-2025-04-20"), call.header("anthropic-beta"));
        assertEquals("You are Claude Code, Anthropic's official CLI for Claude.",
                call.body().path("system").get(0).path("text").asText(), "the preamble a subscription token needs");
    }

    @Test
    void aCodeCanBeUsedOnceAndOnlyByWhoeverStartedTheLogin() throws Exception {
        String dave = harness.newUser();
        String eve = harness.newUser();
        GatewayHarness.HttpResult started = harness.send("POST", "/api/providers/openai/oauth", dave, null);
        URI redirect = Browser.authorize(URI.create(started.body().path("authorizationUrl").asText()));
        String answer = "{\"response\":\"" + redirect + "\"}";

        GatewayHarness.HttpResult stolen = harness.send("POST", "/api/providers/openai/oauth/complete", eve, answer);
        assertEquals(404, stolen.status(), String.valueOf(stolen.body()));
        assertEquals(0, harness.get("/api/providers", eve).body().path("credentials").size());

        authorizationServer.enqueueCallback(new DefaultOAuth2TokenCallback("openai", "dave", "JWT", List.of("mosaic"),
                Map.of("https://api.openai.com/auth", Map.of("chatgpt_account_id", "acc_dave")), 3600));
        assertEquals(200, harness.send("POST", "/api/providers/openai/oauth/complete", dave, answer).status());
        GatewayHarness.HttpResult again = harness.send("POST", "/api/providers/openai/oauth/complete", dave, answer);
        assertEquals(404, again.status(), "a login completes once");
        assertTrue(again.body().path("message").asText().contains("start again with /login openai"));
    }
}
