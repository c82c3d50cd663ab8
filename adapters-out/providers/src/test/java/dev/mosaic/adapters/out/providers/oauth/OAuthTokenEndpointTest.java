package dev.mosaic.adapters.out.providers.oauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mosaic.adapters.out.providers.ProviderHttpClients;
import dev.mosaic.application.Secret;
import dev.mosaic.application.credential.OAuthClientConfig;
import dev.mosaic.application.credential.OAuthClientConfig.TokenRequestFormat;
import dev.mosaic.application.port.out.OAuthTokenEndpoint.Grant;
import dev.mosaic.application.port.out.OAuthTokenEndpoint.OAuthException;
import dev.mosaic.testsupport.Browser;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The token endpoint adapter against a real OAuth 2.0 authorization server running in-process
 * (authorization code with PKCE, refresh), and against a plain HTTP server for the JSON-bodied
 * variant and for failures that server does not produce.
 */
class OAuthTokenEndpointTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> CHATGPT_ACCOUNT = List.of("https://api.openai.com/auth", "chatgpt_account_id");

    private final MockOAuth2Server server = new MockOAuth2Server();
    private final OkHttpOAuthTokenEndpoint endpoint = new OkHttpOAuthTokenEndpoint(ProviderHttpClients.create());

    @BeforeEach
    void start() {
        server.start();
    }

    @AfterEach
    void stop() {
        server.shutdown();
    }

    private OAuthClientConfig client(List<String> accountClaim) {
        return new OAuthClientConfig("openai", URI.create(server.authorizationEndpointUrl("openai").toString()),
                URI.create(server.tokenEndpointUrl("openai").toString()), "mosaic-test",
                URI.create("http://localhost:1455/auth/callback"), "openid profile email offline_access",
                Map.of("originator", "mosaic"), TokenRequestFormat.FORM, false, accountClaim, null);
    }

    /** Opens the authorization URL as the user's browser would, and returns the code it is sent back with. */
    private static String authorize(OAuthClientConfig client, String state, String verifier) throws Exception {
        URI redirect = Browser.authorize(client.authorizationUrl(state, challenge(verifier)));
        assertEquals("/auth/callback", redirect.getPath());
        Map<String, String> answer = Browser.query(redirect);
        assertEquals(state, answer.get("state"));
        return answer.get("code");
    }

    private static String challenge(String verifier) throws Exception {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void exchangesACodeProvenByItsVerifierThenRefreshes() throws Exception {
        server.enqueueCallback(new DefaultOAuth2TokenCallback("openai", "alice", "JWT", List.of("mosaic-test"),
                Map.of("https://api.openai.com/auth", Map.of("chatgpt_account_id", "acc_test")), 3600));
        OAuthClientConfig client = client(CHATGPT_ACCOUNT);
        String verifier = "a-verifier-of-forty-three-characters-012345";

        Grant grant = endpoint.exchange(client, authorize(client, "state-1", verifier), verifier, "state-1");

        assertEquals("acc_test", grant.accountId(), "read from the access token's claims");
        assertNotNull(grant.refreshToken());
        // The server counts down from the token's own expiry, so a second may have passed.
        assertTrue(grant.expiresIn().compareTo(Duration.ofMinutes(59)) > 0
                && grant.expiresIn().compareTo(Duration.ofHours(1)) <= 0, grant.expiresIn()::toString);
        Grant renewed = endpoint.refresh(client, grant.refreshToken());
        assertNotEquals(grant.accessToken(), renewed.accessToken());
        assertTrue(renewed.accessToken().reveal().split("\\.").length == 3, "a JWT, as the server issues");
    }

    @Test
    void aWrongVerifierIsRefusedAndTheMessageQuotesNoSecret() throws Exception {
        OAuthClientConfig client = client(List.of());
        String verifier = "the-verifier-the-gateway-kept-0123456789abc";
        String code = authorize(client, "state-2", verifier);

        OAuthException refused = assertThrows(OAuthException.class,
                () -> endpoint.exchange(client, code, "an-attackers-guess-at-the-verifier-0123456", "state-2"));

        assertTrue(refused.refused(), "the server looked at it and said no");
        assertTrue(refused.getMessage().contains("invalid"), refused.getMessage());
        assertFalse(refused.getMessage().contains(code), "no code in the message");
        assertFalse(refused.getMessage().contains("attackers-guess"), "no verifier in the message");
    }

    @Test
    void anAccessTokenThatIsNotAJwtHasNoAccount() {
        assertNull(OkHttpOAuthTokenEndpoint.claim("sk-ant-oat01-opaque", CHATGPT_ACCOUNT));
        assertNull(OkHttpOAuthTokenEndpoint.claim("a.b.c", CHATGPT_ACCOUNT), "not base64 JSON");
    }

    @Test
    void theJsonVariantSendsStateAndVerifierAsItsOwnClientDoes() throws Exception {
        try (MockWebServer plain = new MockWebServer()) {
            plain.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
                    .body("{\"access_token\":\"sk-ant-oat01-new\",\"refresh_token\":\"sk-ant-ort01-new\",\"expires_in\":28800}")
                    .build());
            plain.start();
            OAuthClientConfig client = new OAuthClientConfig("anthropic", URI.create("https://claude.example/oauth/authorize"),
                    plain.url("/v1/oauth/token").uri(), "client-1", URI.create("http://localhost:53692/callback"),
                    "user:inference", Map.of("code", "true"), TokenRequestFormat.JSON, true, List.of(), null);

            Grant grant = endpoint.exchange(client, "the-code", "the-verifier", "the-verifier");

            RecordedRequest request = plain.takeRequest();
            assertTrue(request.getHeaders().get("Content-Type").startsWith("application/json"));
            JsonNode body = JSON.readTree(request.getBody().utf8());
            assertEquals("authorization_code", body.path("grant_type").asText());
            assertEquals("client-1", body.path("client_id").asText());
            assertEquals("the-code", body.path("code").asText());
            assertEquals("the-verifier", body.path("state").asText());
            assertEquals("the-verifier", body.path("code_verifier").asText());
            assertEquals("http://localhost:53692/callback", body.path("redirect_uri").asText());
            assertEquals(Secret.ofNullable("sk-ant-ort01-new"), grant.refreshToken());
            assertEquals(Duration.ofHours(8), grant.expiresIn());
        }
    }

    @Test
    void failuresSayWhetherTheServerRefusedOrCouldNotAnswer() throws Exception {
        try (MockWebServer plain = new MockWebServer()) {
            plain.enqueue(new MockResponse.Builder().code(400)
                    .body("{\"error\":\"invalid_grant\",\"error_description\":\"Refresh token revoked\"}").build());
            plain.enqueue(new MockResponse.Builder().code(503).body("upstream down").build());
            plain.enqueue(new MockResponse.Builder().code(200).body("<html>login</html>").build());
            plain.start();
            OAuthClientConfig client = new OAuthClientConfig("anthropic", URI.create("https://claude.example/oauth/authorize"),
                    plain.url("/token").uri(), "client-1", URI.create("http://localhost:53692/callback"), "", Map.of(),
                    TokenRequestFormat.FORM, false, List.of(), null);
            Secret refreshToken = Secret.ofNullable("sk-ant-ort01-secret-refresh");

            OAuthException revoked = assertThrows(OAuthException.class, () -> endpoint.refresh(client, refreshToken));
            assertTrue(revoked.refused());
            assertTrue(revoked.getMessage().contains("invalid_grant: Refresh token revoked"), revoked.getMessage());
            assertFalse(revoked.getMessage().contains(refreshToken.reveal()));
            assertFalse(assertThrows(OAuthException.class, () -> endpoint.refresh(client, refreshToken)).refused(), "503");
            OAuthException nonsense = assertThrows(OAuthException.class, () -> endpoint.refresh(client, refreshToken));
            assertFalse(nonsense.refused());
            assertTrue(nonsense.getMessage().contains("without an access token"), nonsense.getMessage());
        }
    }

    @Test
    void anUnreachableServerIsNotARefusal() throws Exception {
        URI closed;
        try (MockWebServer gone = new MockWebServer()) {
            gone.start();
            closed = gone.url("/token").uri();
        }
        OAuthClientConfig client = new OAuthClientConfig("openai", closed, closed, "client-1",
                URI.create("http://localhost:1455/auth/callback"), "", Map.of(), TokenRequestFormat.FORM, false, List.of(), null);

        OAuthException failed = assertThrows(OAuthException.class,
                () -> endpoint.refresh(client, Secret.ofNullable("refresh-0123456789abcdef")));
        assertFalse(failed.refused());
        assertTrue(failed.getMessage().startsWith("could not reach"), failed.getMessage());
    }
}
