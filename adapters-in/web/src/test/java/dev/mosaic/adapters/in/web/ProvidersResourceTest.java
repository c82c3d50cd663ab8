package dev.mosaic.adapters.in.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mosaic.application.ErrorCode;
import dev.mosaic.application.Rejection;
import dev.mosaic.application.Secret;
import dev.mosaic.application.credential.CredentialKind;
import dev.mosaic.application.credential.ProviderCredential;
import dev.mosaic.application.port.in.AuthenticateUseCase;
import dev.mosaic.application.port.in.LoginWithOAuthUseCase;
import dev.mosaic.application.port.in.ManageCredentialsUseCase;
import dev.mosaic.application.port.in.PutCredentialCommand;
import dev.mosaic.domain.user.TokenId;
import dev.mosaic.domain.user.UserId;
import io.helidon.webserver.WebServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code /api/providers} over real HTTP, in front of a scripted use case: what goes in, what comes out, which status. */
class ProvidersResourceTest {
    private static final String KEY = "sk-proj-0123456789abcdefWXYZ";
    private static final UserId ALICE = UserId.random();
    private static final UserId BOB = UserId.random();
    private static final Map<String, UserId> TOKENS = Map.of("alice-token", ALICE, "bob-token", BOB);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Stores what it is given; refuses keys when told to, as the service does after the provider check. */
    private static final class ScriptedCredentials implements ManageCredentialsUseCase {
        final Map<UserId, Map<String, ProviderCredential>> stored = new ConcurrentHashMap<>();
        final List<PutCredentialCommand> puts = new CopyOnWriteArrayList<>();
        volatile Rejection refuseWith;

        @Override
        public PutOutcome put(UserId actor, PutCredentialCommand command) {
            puts.add(command);
            if (refuseWith != null) {
                return new PutOutcome.Rejected(refuseWith);
            }
            Instant at = Instant.parse("2026-11-01T10:00:00Z");
            ProviderCredential credential = new ProviderCredential(actor, command.provider(), CredentialKind.API_KEY,
                    command.label() == null ? "default" : command.label(), command.apiKey().masked(),
                    command.baseUrl() == null ? null : URI.create(command.baseUrl()), at, at);
            stored.computeIfAbsent(actor, a -> new ConcurrentHashMap<>()).put(command.provider(), credential);
            return new PutOutcome.Saved(credential);
        }

        @Override
        public List<ProviderCredential> list(UserId actor) {
            return new ArrayList<>(stored.getOrDefault(actor, Map.of()).values());
        }

        @Override
        public Optional<Rejection> delete(UserId actor, String provider) {
            Map<String, ProviderCredential> own = stored.get(actor);
            return own != null && own.remove(provider) != null ? Optional.empty()
                    : Optional.of(Rejection.notFound(provider + " credential"));
        }
    }

    /** Answers logins as told, recording what reached it. */
    private static final class ScriptedLogins implements LoginWithOAuthUseCase {
        final List<List<String>> completions = new CopyOnWriteArrayList<>();
        volatile Rejection refuseWith;

        @Override
        public List<String> providers() {
            return List.of("anthropic", "openai");
        }

        @Override
        public StartOutcome start(UserId actor, String provider) {
            return refuseWith != null ? new StartOutcome.Rejected(refuseWith)
                    : new StartOutcome.Ready(new Started(provider, URI.create("https://auth.example/authorize?state=s1"),
                            URI.create("http://localhost:1455/auth/callback"), "s1", Instant.parse("2026-11-01T10:10:00Z")));
        }

        @Override
        public CompleteOutcome complete(UserId actor, String provider, String state, String response) {
            completions.add(java.util.Arrays.asList(actor.toString(), provider, state, response));
            if (refuseWith != null) {
                return new CompleteOutcome.Rejected(refuseWith);
            }
            Instant at = Instant.parse("2026-11-01T10:00:00Z");
            return new CompleteOutcome.LoggedIn(new ProviderCredential(actor, provider, CredentialKind.OAUTH, "OAuth login",
                    "account …test", null, at, at, at.plusSeconds(3600)));
        }
    }

    private record Answer(int status, JsonNode body, String raw) {}

    private static final ScriptedCredentials credentials = new ScriptedCredentials();
    private static final ScriptedLogins logins = new ScriptedLogins();
    private static final HttpClient client = HttpClient.newHttpClient();
    private static WebServer server;

    @BeforeAll
    static void start() {
        AuthenticateUseCase authenticate = token -> Optional.ofNullable(token).map(TOKENS::get)
                .<AuthenticateUseCase.Outcome>map(user -> new AuthenticateUseCase.Outcome.Authenticated(user, TokenId.random()))
                .orElse(new AuthenticateUseCase.Outcome.Rejected(new Rejection(ErrorCode.UNAUTHORIZED, "the token is not valid")));
        HttpJson http = new HttpJson(new ServerFrames(WebJson.mapper()), authenticate, new GatewayMetrics(List.of()), 1 << 20);
        server = WebServer.builder().host("127.0.0.1").port(0).shutdownHook(false)
                .routing(rules -> rules.register("/api/providers", new ProvidersResource(credentials, logins, http)))
                .build().start();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @BeforeEach
    void forget() {
        credentials.stored.clear();
        credentials.puts.clear();
        credentials.refuseWith = null;
        logins.completions.clear();
        logins.refuseWith = null;
    }

    @Test
    void anOAuthLoginStartsWithTheUrlToOpenAndCompletesWithWhatCameBack() throws Exception {
        Answer started = send("POST", "/api/providers/openai/oauth", "alice-token", null);
        assertEquals(200, started.status(), started.raw());
        assertEquals(JSON.readTree("""
                {"provider":"openai","authorizationUrl":"https://auth.example/authorize?state=s1",
                 "redirectUri":"http://localhost:1455/auth/callback","state":"s1","expiresAt":"2026-11-01T10:10:00Z"}"""),
                started.body());

        Answer caught = send("POST", "/api/providers/openai/oauth/complete", "alice-token", "{\"state\":\"s1\",\"code\":\"c1\"}");
        assertEquals(200, caught.status(), caught.raw());
        assertEquals(JSON.readTree("""
                {"provider":"openai","kind":"oauth","label":"OAuth login","hint":"account …test","baseUrl":null,
                 "createdAt":"2026-11-01T10:00:00Z","updatedAt":"2026-11-01T10:00:00Z","expiresAt":"2026-11-01T11:00:00Z"}"""),
                caught.body());
        Answer pasted = send("POST", "/api/providers/anthropic/oauth/complete", "bob-token", "{\"response\":\"c2#s2\"}");
        assertEquals(200, pasted.status(), pasted.raw());
        assertEquals(List.of(List.of(ALICE.toString(), "openai", "s1", "c1"), java.util.Arrays.asList(BOB.toString(),
                "anthropic", null, "c2#s2")), logins.completions);
        assertEquals(JSON.readTree("[\"anthropic\",\"openai\"]"),
                send("GET", "/api/providers", "alice-token", null).body().path("oauth"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "[]", "{}", "{\"code\":\"c1\"}", "{\"state\":\"s1\",\"code\":\"c1\",\"response\":\"c1\"}",
            "{\"state\":1,\"response\":\"c1\"}", "{\"response\":7}"})
    void aMalformedCompletionIsInvalidInputAndReachesNoLogin(String body) throws Exception {
        Answer answer = send("POST", "/api/providers/openai/oauth/complete", "alice-token", body);
        assertEquals(400, answer.status(), answer.raw());
        assertEquals("invalid_input", answer.body().path("code").asText());
        assertEquals(List.of(), logins.completions);
    }

    @Test
    void refusedLoginsAnswerWithTheirStatus() throws Exception {
        Map<ErrorCode, Integer> statuses = Map.of(ErrorCode.NOT_FOUND, 404, ErrorCode.PROVIDER_AUTHENTICATION, 422,
                ErrorCode.PROVIDER_UNAVAILABLE, 502, ErrorCode.INVALID_INPUT, 400);
        for (Map.Entry<ErrorCode, Integer> expected : statuses.entrySet()) {
            logins.refuseWith = new Rejection(expected.getKey(), "because");
            Answer completed = send("POST", "/api/providers/openai/oauth/complete", "alice-token",
                    "{\"state\":\"s1\",\"code\":\"c1\"}");
            assertEquals(expected.getValue(), completed.status(), completed.raw());
            assertEquals(expected.getKey().wireName(), completed.body().path("code").asText());
        }
        logins.refuseWith = new Rejection(ErrorCode.INVALID_INPUT, "zai has no OAuth login configured");
        Answer noLogin = send("POST", "/api/providers/zai/oauth", "alice-token", null);
        assertEquals(400, noLogin.status());
        assertEquals("zai has no OAuth login configured", noLogin.body().path("message").asText());
        assertEquals(401, send("POST", "/api/providers/openai/oauth", null, null).status());
    }

    /** A JSON body is sent as such: {@code Content-Type: application/json}. */
    private static Answer send(String method, String path, String token, String body) throws Exception {
        return send(method, path, token, body, body == null ? null : "application/json");
    }

    private static Answer send(String method, String path, String token, String body, String contentType)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.body().isEmpty() ? null : JSON.readTree(response.body()),
                response.body());
    }

    @Test
    void everyRouteWantsAToken() throws Exception {
        for (String method : List.of("GET", "PUT", "DELETE")) {
            Answer answer = send(method, method.equals("GET") ? "/api/providers" : "/api/providers/openai", null,
                    method.equals("PUT") ? "{\"apiKey\":\"" + KEY + "\"}" : null);
            assertEquals(401, answer.status(), method);
            assertEquals("unauthorized", answer.body().path("code").asText(), method);
        }
        assertEquals(List.of(), credentials.puts);
    }

    @Test
    void aStoredKeyIsAnsweredAndListedByItsHintOnly() throws Exception {
        Answer saved = send("PUT", "/api/providers/openai", "alice-token",
                "{\"apiKey\":\"" + KEY + "\",\"label\":\"work\",\"baseUrl\":\"https://proxy.example/v1\"}");

        assertEquals(200, saved.status(), saved.raw());
        assertEquals(JSON.readTree("""
                {"provider":"openai","kind":"api_key","label":"work","hint":"…WXYZ","baseUrl":"https://proxy.example/v1",
                 "createdAt":"2026-11-01T10:00:00Z","updatedAt":"2026-11-01T10:00:00Z"}"""), saved.body());
        assertEquals(List.of(new PutCredentialCommand("openai", Secret.ofNullable(KEY), "work", "https://proxy.example/v1")),
                credentials.puts);

        Answer listed = send("GET", "/api/providers", "alice-token", null);
        assertEquals(200, listed.status());
        assertEquals(saved.body(), listed.body().path("credentials").get(0));
        assertEquals(List.of("anthropic", "ollama", "openai", "openrouter", "zai"),
                JSON.convertValue(listed.body().path("available"), List.class));
        assertFalse(saved.raw().contains("0123456789abcdef") || listed.raw().contains("0123456789abcdef"));
    }

    @Test
    void labelAndBaseUrlMayBeLeftOutOrNull() throws Exception {
        assertEquals(200, send("PUT", "/api/providers/zai", "alice-token", "{\"apiKey\":\"" + KEY + "\"}").status());
        Answer nulls = send("PUT", "/api/providers/openai", "alice-token",
                "{\"apiKey\":\"" + KEY + "\",\"label\":null,\"baseUrl\":null}");
        assertEquals(200, nulls.status());
        assertTrue(nulls.body().path("baseUrl").isNull());
        assertEquals(List.of(new PutCredentialCommand("zai", Secret.ofNullable(KEY), null, null),
                new PutCredentialCommand("openai", Secret.ofNullable(KEY), null, null)), credentials.puts);
    }

    @Test
    void eachUserListsOnlyWhatTheyStored() throws Exception {
        send("PUT", "/api/providers/openai", "alice-token", "{\"apiKey\":\"" + KEY + "\"}");

        assertEquals(0, send("GET", "/api/providers", "bob-token", null).body().path("credentials").size());
        assertEquals(404, send("DELETE", "/api/providers/openai", "bob-token", null).status());
        assertEquals(1, send("GET", "/api/providers", "alice-token", null).body().path("credentials").size());
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"", "not json", "[]", "\"sk-123\"", "{}", "{\"apiKey\":42}", "{\"apiKey\":null}",
            "{\"apiKey\":\"sk\",\"label\":7}", "{\"apiKey\":\"sk\",\"baseUrl\":{}}"})
    void aMalformedBodyIsInvalidInputAndNeverReachesTheUseCase(String body) throws Exception {
        Answer answer = send("PUT", "/api/providers/openai", "alice-token", body);

        assertEquals(400, answer.status(), answer.raw());
        assertEquals("invalid_input", answer.body().path("code").asText());
        assertEquals(List.of(), credentials.puts);
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"", "text/plain", "application/x-www-form-urlencoded", "application/json; charset=iso-8859-1"})
    void aBodyThatIsNotJsonByItsTypeIsUnsupportedAndNeverRead(String contentType) throws Exception {
        Answer answer = send("PUT", "/api/providers/openai", "alice-token", "{\"apiKey\":\"" + KEY + "\"}",
                contentType.isEmpty() ? null : contentType);

        assertEquals(415, answer.status(), answer.raw());
        assertEquals("unsupported_media_type", answer.body().path("code").asText());
        assertEquals(List.of(), credentials.puts);
    }

    @Test
    void jsonWithAnyCaseOfItsTypeAndAUtf8CharsetIsRead() throws Exception {
        assertEquals(200, send("PUT", "/api/providers/openai", "alice-token", "{\"apiKey\":\"" + KEY + "\"}",
                "Application/JSON; charset=UTF-8").status());
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"{\"apiKey\":\"sk-1\"} trailing", "{\"apiKey\":\"sk-1\"}{}",
            "{\"apiKey\":\"sk-1\",\"apiKey\":\"sk-2\"}", "{\"apiKey\":\"sk-1\",\"label\":\"a\",\"label\":\"b\"}"})
    void trailingGarbageAndDuplicateKeysAreMalformedJson(String body) throws Exception {
        Answer answer = send("PUT", "/api/providers/openai", "alice-token", body);

        assertEquals(400, answer.status(), answer.raw());
        assertEquals("invalid_input", answer.body().path("code").asText());
        assertTrue(answer.body().path("message").asText().startsWith("the body is not well-formed JSON"), answer.raw());
        assertEquals(List.of(), credentials.puts);
    }

    @Test
    void aLoneSurrogateIsInvalidInputAndNeverStored() throws Exception {
        Answer answer = send("PUT", "/api/providers/openai", "alice-token",
                "{\"apiKey\":\"" + KEY + "\",\"label\":\"work \\udfff\"}");

        assertEquals(400, answer.status(), answer.raw());
        assertEquals("invalid_input", answer.body().path("code").asText());
        assertEquals(List.of(), credentials.puts);
    }

    @Test
    void aKeyTheProviderRefusesIsAnswered422WithProviderAuthentication() throws Exception {
        credentials.refuseWith = new Rejection(ErrorCode.PROVIDER_AUTHENTICATION,
                "the key could not be confirmed with openai: 401 Incorrect API key");

        Answer answer = send("PUT", "/api/providers/openai", "alice-token", "{\"apiKey\":\"" + KEY + "\"}");

        assertEquals(422, answer.status());
        assertEquals("provider_authentication", answer.body().path("code").asText());
        assertEquals("the key could not be confirmed with openai: 401 Incorrect API key", answer.body().path("message").asText());
    }

    @Test
    void otherRejectionsKeepTheirUsualStatus() throws Exception {
        credentials.refuseWith = new Rejection(ErrorCode.INVALID_INPUT, "unknown provider");
        Answer answer = send("PUT", "/api/providers/mistral", "alice-token", "{\"apiKey\":\"" + KEY + "\"}");
        assertEquals(400, answer.status());
        assertEquals("invalid_input", answer.body().path("code").asText());
        assertEquals("mistral", credentials.puts.getFirst().provider());
    }

    @Test
    void deletingAnswers204ThenNotFound() throws Exception {
        send("PUT", "/api/providers/anthropic", "alice-token", "{\"apiKey\":\"" + KEY + "\"}");

        Answer deleted = send("DELETE", "/api/providers/anthropic", "alice-token", null);
        assertEquals(204, deleted.status());
        Answer again = send("DELETE", "/api/providers/anthropic", "alice-token", null);
        assertEquals(404, again.status());
        assertEquals("not_found", again.body().path("code").asText());
    }
}
