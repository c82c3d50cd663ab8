package dev.mosaic.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mosaic.simulator.ProviderSimulator;
import dev.mosaic.simulator.Reply;
import dev.mosaic.simulator.SimulatorOptions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A user's own API key answers that user's chats, through the production wiring: the provider
 * (a simulator that accepts one key only) sees it, other users do not use it, and once the
 * provider revokes it the user gets a clear error while everything stored stays.
 */
class OwnKeyChatEndToEndTest {

    private static final String ALICES_KEY = "sk-alice-0123456789abcdefWXYZ";
    private static ProviderSimulator openAi;
    private static GatewayHarness harness;

    @BeforeAll
    static void start() {
        openAi = ProviderSimulator.start(SimulatorOptions.defaults().withTokenDelay(Duration.ofMillis(1))
                .withApiKey(ALICES_KEY));
        // No gateway key for OpenAI and an automatic choice: users' own keys come first.
        harness = GatewayHarness.start(Map.of("MOSAIC_PROVIDER", "auto", "OPENAI_BASE_URL", openAi.baseUrl().toString(),
                "OPENAI_MODEL", "gpt-4o-mini"));
    }

    @AfterAll
    static void stop() {
        if (harness != null) {
            harness.close();
        }
        openAi.close();
    }

    /** Sends one message on a new connection; returns the session frame and the end frame. */
    private static JsonNode[] chat(String token, String conversationId, String text) throws Exception {
        try (RawSocket socket = new RawSocket(harness.webSocket(), token)) {
            socket.next("ready");
            socket.send("{\"type\":\"message:send\",\"text\":\"" + text + "\""
                    + (conversationId == null ? "" : ",\"conversationId\":\"" + conversationId + "\"") + "}");
            return new JsonNode[] {socket.next("session:info"), socket.next("message:end")};
        }
    }

    @Test
    void aUsersOwnKeyAnswersThatUserOnlyAndARevokedOneFailsClearlyLosingNothing() throws Exception {
        String alice = harness.newUser();
        String bob = harness.newUser();
        GatewayHarness.HttpResult stored = harness.send("PUT", "/api/providers/openai", alice,
                "{\"apiKey\":\"" + ALICES_KEY + "\"}");
        assertEquals(200, stored.status(), String.valueOf(stored.body()));

        openAi.script(Reply.text("answered with alice's key"));
        JsonNode[] first = chat(alice, null, "hello");
        assertEquals("openai", first[0].path("provider").asText());
        assertTrue(first[0].path("reason").asText().endsWith("with your own openai key"), first[0].toString());
        assertEquals("complete", first[1].path("status").asText(), first[1].toString());
        String conversation = first[1].path("conversationId").asText();
        int openAiCalls = openAi.requests().size();

        JsonNode[] bobs = chat(bob, null, "and me?");
        assertEquals("simulator", bobs[0].path("provider").asText(), "alice's key is hers alone");
        assertEquals(openAiCalls, openAi.requests().size());

        // The provider revokes the key: it now accepts another one only.
        int port = openAi.port();
        openAi.close();
        openAi = ProviderSimulator.start(SimulatorOptions.defaults().withPort(port).withApiKey("sk-someone-else-0123456789"));
        JsonNode[] revoked = chat(alice, conversation, "still there?");
        assertEquals("partial", revoked[1].path("status").asText(), revoked[1].toString());
        assertEquals("provider_authentication", revoked[1].path("error").path("code").asText(), revoked[1].toString());

        JsonNode messages = harness.get("/api/conversations/" + conversation, alice).body().path("messages");
        assertEquals(4, messages.size(), "both questions and both replies are kept: " + messages);
        assertEquals("answered with alice's key", messages.get(1).path("content").get(0).path("text").asText());
        assertEquals("still there?", messages.get(2).path("content").get(0).path("text").asText());
    }
}
