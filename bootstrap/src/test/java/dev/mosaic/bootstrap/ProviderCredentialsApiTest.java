package dev.mosaic.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mosaic.simulator.ProviderSimulator;
import dev.mosaic.simulator.SimulatorOptions;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A user's own provider keys through {@code /api/providers}: checked against the provider (here a
 * simulator that accepts one key only), stored encrypted, shown only as a hint, and invisible to
 * everyone else.
 */
class ProviderCredentialsApiTest {

    private static final String GOOD_KEY = "sk-good-0123456789abcdefWXYZ";
    private static ProviderSimulator openAi;
    private static GatewayHarness harness;

    @BeforeAll
    static void start() {
        openAi = ProviderSimulator.start(SimulatorOptions.defaults().withApiKey(GOOD_KEY));
        harness = GatewayHarness.start(Map.of("OPENAI_BASE_URL", openAi.baseUrl().toString()));
    }

    @AfterAll
    static void stop() {
        harness.close();
        openAi.close();
    }

    private static GatewayHarness.HttpResult put(String token, String provider, String body) throws Exception {
        return harness.send("PUT", "/api/providers/" + provider, token, body);
    }

    private static void assertAnswered(GatewayHarness.HttpResult answer, int status, String code) {
        assertEquals(status, answer.status(), String.valueOf(answer.body()));
        assertEquals(code, answer.body().path("code").asText());
    }

    @Test
    void aCheckedKeyIsStoredAndOnlyItsHintEverComesBack() throws Exception {
        String alice = harness.newUser();
        GatewayHarness.HttpResult stored = put(alice, "openai", "{\"apiKey\":\"" + GOOD_KEY + "\",\"label\":\"work\"}");
        assertEquals(200, stored.status(), String.valueOf(stored.body()));
        assertFalse(stored.body().toString().contains(GOOD_KEY));
        // The simulator accepts this key only, so the 200 means the key itself went to the model list.
        assertTrue(openAi.lastRequest().path().endsWith("/models"), openAi.lastRequest().path());

        JsonNode list = harness.get("/api/providers", alice).body();
        assertFalse(list.toString().contains(GOOD_KEY), list.toString());
        JsonNode credential = list.path("credentials").get(0);
        assertEquals("openai", credential.path("provider").asText());
        assertEquals("work", credential.path("label").asText());
        assertTrue(credential.path("hint").asText().endsWith("WXYZ"), credential.toString());

        String bob = harness.newUser();
        assertEquals(0, harness.get("/api/providers", bob).body().path("credentials").size(), "invisible to others");
        assertEquals(404, harness.send("DELETE", "/api/providers/openai", bob, null).status());

        assertEquals(204, harness.send("DELETE", "/api/providers/openai", alice, null).status());
        assertEquals(404, harness.send("DELETE", "/api/providers/openai", alice, null).status());
        assertEquals(0, harness.get("/api/providers", alice).body().path("credentials").size());
    }

    @Test
    void aKeyTheProviderRefusesIsNotStoredAndBadRequestsAreClear() throws Exception {
        String token = harness.newUser();
        GatewayHarness.HttpResult refused = put(token, "openai", "{\"apiKey\":\"sk-wrong-0123456789abcdef\"}");
        assertAnswered(refused, 422, "provider_authentication");
        assertFalse(refused.body().toString().contains("sk-wrong-0123456789abcdef"));
        assertEquals(0, harness.get("/api/providers", token).body().path("credentials").size());

        assertEquals("invalid_input", put(token, "carrier-pigeon", "{\"apiKey\":\"x\"}").body().path("code").asText());
        assertEquals("invalid_input", put(token, "openai", "not json").body().path("code").asText());
        assertEquals(401, put(null, "openai", "{\"apiKey\":\"x\"}").status());
    }

    @Test
    void anUnreachableBaseUrlIsAProviderThatCannotBeAskedNotARefusedKey() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String token = harness.newUser();
        GatewayHarness.HttpResult unreachable = put(token, "openai",
                "{\"apiKey\":\"" + GOOD_KEY + "\",\"baseUrl\":\"http://127.0.0.1:" + closedPort + "/v1\"}");
        assertAnswered(unreachable, 502, "provider_unavailable");
        assertTrue(unreachable.body().path("message").asText().contains("cannot reach openai"), unreachable.body().toString());
        assertEquals(0, harness.get("/api/providers", token).body().path("credentials").size());
    }

    @Test
    void aKeyThatCannotBeSentIsInvalidInputInOurWords() throws Exception {
        String token = harness.newUser();
        GatewayHarness.HttpResult pasted = put(token, "openai", "{\"apiKey\":\"sk-good-0123456789\\nabcdefWXYZ\"}");
        assertAnswered(pasted, 400, "invalid_input");
        assertEquals("this API key cannot be sent to a provider: it contains a line break (character 19 of 29)",
                pasted.body().path("message").asText());
    }
}
