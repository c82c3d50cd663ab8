package dev.mosaic.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mosaic.bootstrap.GatewayHarness.HttpResult;
import dev.mosaic.simulator.ProviderSimulator;
import dev.mosaic.simulator.SimulatorOptions;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The memory REST API through the running gateway, embedding in process with the default model. */
class MemoryApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static GatewayHarness harness;

    @BeforeAll
    static void start() {
        harness = GatewayHarness.start();
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @Test
    void preferencesAreSetReadReplacedAndDeleted() throws Exception {
        String alice = harness.newUser();
        assertEquals(200, put(alice, "/api/memory/preferences/language", Map.of("value", "answer in German")).status());
        assertEquals(200, put(alice, "/api/memory/preferences/code.style", Map.of("value", "TypeScript")).status());
        HttpResult replaced = put(alice, "/api/memory/preferences/language", Map.of("value", "answer in English"));
        assertEquals("answer in English", replaced.body().path("value").asText());

        JsonNode list = harness.get("/api/memory/preferences", alice).body().path("preferences");
        assertEquals(List.of("code.style", "language"), texts(list, "key"));
        assertEquals("TypeScript", harness.get("/api/memory/preferences/code.style", alice).body().path("value").asText());
        assertEquals(204, harness.send("DELETE", "/api/memory/preferences/code.style", alice, null).status());
        assertEquals(404, harness.get("/api/memory/preferences/code.style", alice).status());
        assertEquals(404, harness.send("DELETE", "/api/memory/preferences/code.style", alice, null).status());
    }

    @Test
    void oddPreferencesAreRefusedPlainly() throws Exception {
        String alice = harness.newUser();
        assertInvalid(put(alice, "/api/memory/preferences/Bad%20Key", Map.of("value", "x")), "key");
        assertInvalid(put(alice, "/api/memory/preferences/lang", Map.of("value", " ")), "value");
        assertInvalid(put(alice, "/api/memory/preferences/lang", Map.of("value", "x".repeat(2_001))), "value");
        assertInvalid(harness.send("PUT", "/api/memory/preferences/lang", alice, "{\"value\": 3}"), "value");
        assertEquals(0, harness.get("/api/memory/preferences", alice).body().path("preferences").size());
    }

    @Test
    void insightsAreFoundByMeaningAndDeleted() throws Exception {
        String alice = harness.newUser();
        String lisbon = saveInsight(alice, "I live in Lisbon, Portugal, with my two cats.");
        saveInsight(alice, "My favourite programming language is Rust.");
        saveInsight(alice, "I am allergic to peanuts.");

        JsonNode found = search(alice, "Which city is my home?").body();
        assertEquals(lisbon, found.path("results").get(0).path("insightId").asText(), found::toString);
        double first = found.path("results").get(0).path("similarity").asDouble();
        double second = found.path("results").get(1).path("similarity").asDouble();
        assertTrue(first > second, found::toString);

        JsonNode page = harness.get("/api/memory/insights?pageSize=2", alice).body();
        assertEquals(3, page.path("total").asInt());
        assertEquals(2, page.path("insights").size());

        assertEquals(204, harness.send("DELETE", "/api/memory/insights/" + lisbon, alice, null).status());
        assertEquals(404, harness.send("DELETE", "/api/memory/insights/" + lisbon, alice, null).status());
        assertTrue(!texts(search(alice, "Which city is my home?").body().path("results"), "insightId").contains(lisbon));
    }

    @Test
    void anotherUserSeesFindsAndDeletesNothingOfTheOwners() throws Exception {
        String alice = harness.newUser();
        String bob = harness.newUser();
        String secret = saveInsight(alice, "The launch code of project Falcon is 7431.");
        put(alice, "/api/memory/preferences/language", Map.of("value", "German"));

        assertEquals(List.of(), texts(search(bob, "launch code of project Falcon").body().path("results"), "insightId"));
        assertEquals(0, harness.get("/api/memory/insights", bob).body().path("total").asInt());
        assertEquals(404, harness.send("DELETE", "/api/memory/insights/" + secret, bob, null).status());
        assertEquals(404, harness.get("/api/memory/preferences/language", bob).status());
        assertEquals(0, harness.send("DELETE", "/api/memory", bob, null).body().path("insights").asInt());

        assertEquals(List.of(secret), texts(search(alice, "launch code").body().path("results"), "insightId"));
    }

    @Test
    void forgettingEverythingLeavesNothing() throws Exception {
        String alice = harness.newUser();
        saveInsight(alice, "I run every morning.");
        saveInsight(alice, "I work at a bakery.");
        put(alice, "/api/memory/preferences/language", Map.of("value", "German"));

        JsonNode forgotten = harness.send("DELETE", "/api/memory", alice, null).body();
        assertEquals(2, forgotten.path("insights").asInt());
        assertEquals(1, forgotten.path("preferences").asInt());
        assertEquals(0, harness.get("/api/memory/insights", alice).body().path("total").asInt());
        assertEquals(0, search(alice, "morning run").body().path("results").size());
        assertEquals(0, harness.get("/api/memory/preferences", alice).body().path("preferences").size());
    }

    @Test
    void badInputIsRefusedWithoutWritingAnything() throws Exception {
        String alice = harness.newUser();
        assertInvalid(post(alice, "/api/memory/insights", Map.of("text", "")), "text");
        assertInvalid(post(alice, "/api/memory/insights", Map.of("text", "x".repeat(4_001))), "text");
        try (RawHttp http = new RawHttp(harness.gateway().port())) {
            // A megabyte of text is refused from its length alone: the gateway does not read it, nor wait for it.
            http.write("POST /api/memory/insights HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + alice
                    + "\r\nContent-Type: application/json\r\nContent-Length: 1100000\r\n\r\n{\"text\":\"xxxx");
            assertEquals(413, http.read().status());
        }
        assertInvalid(search(alice, ""), "q");
        assertInvalid(search(alice, "y".repeat(2_001)), "q");
        assertInvalid(harness.get("/api/memory/search?q=cats&limit=0", alice), "limit");
        assertInvalid(harness.get("/api/memory/search?q=cats&limit=many", alice), "limit");
        assertEquals(404, harness.send("DELETE", "/api/memory/insights/not-an-id", alice, null).status());
        assertEquals(401, harness.get("/api/memory/insights", null).status());
        assertEquals(0, harness.get("/api/memory/insights", alice).body().path("total").asInt());
    }

    @Test
    void anEmbeddingServiceThatIsDownIsAClearErrorAndNothingIsWritten() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (GatewayHarness remote = GatewayHarness.start(Map.of("MOSAIC_EMBEDDINGS", "ollama",
                "MOSAIC_EMBEDDINGS_URL", "http://127.0.0.1:" + closedPort, "MOSAIC_EMBEDDINGS_MODEL", "nomic-embed-text",
                "MOSAIC_EMBEDDINGS_DIMENSIONS", "768"))) {
            String alice = remote.newUser();
            // Saved through the gateway whose model works, so there is something the search would look for.
            saveInsight(alice, "I keep bees.");
            HttpResult saved = remote.send("POST", "/api/memory/insights", alice, JSON.writeValueAsString(
                    Map.of("text", "remember me")));
            assertEquals(503, saved.status());
            assertEquals("embedding_unavailable", saved.body().path("code").asText());
            assertEquals(503, remote.get("/api/memory/search?q=bees", alice).status());
            assertEquals(1, remote.get("/api/memory/insights", alice).body().path("total").asInt());
            // Preferences need no embedding and go on working.
            assertEquals(200, remote.send("PUT", "/api/memory/preferences/language", alice,
                    JSON.writeValueAsString(Map.of("value", "German"))).status());
        }
    }

    @Test
    void ollamaEmbedsInsteadWhenConfiguredAndItsVectorsAreSearchedApart() throws Exception {
        try (ProviderSimulator ollama = ProviderSimulator.start(SimulatorOptions.defaults());
                GatewayHarness remote = GatewayHarness.start(Map.of("MOSAIC_EMBEDDINGS", "ollama",
                        "MOSAIC_EMBEDDINGS_URL", ollama.rootUrl().toString(), "MOSAIC_EMBEDDINGS_MODEL", "nomic-embed-text",
                        "MOSAIC_EMBEDDINGS_DIMENSIONS", "768"))) {
            String alice = remote.newUser();
            HttpResult saved = remote.send("POST", "/api/memory/insights", alice,
                    JSON.writeValueAsString(Map.of("text", "I live in Lisbon.")));
            assertEquals(201, saved.status(), () -> String.valueOf(saved.body()));
            JsonNode found = remote.get("/api/memory/search?q=" + URLEncoder.encode("I live in Lisbon.",
                    StandardCharsets.UTF_8), alice).body();
            assertEquals(saved.body().path("insightId").asText(), found.path("results").get(0).path("insightId").asText());
            assertEquals(1.0, found.path("results").get(0).path("similarity").asDouble(), 1e-4);
            assertTrue(ollama.requests().stream().anyMatch(r -> r.path().equals("/api/embed")));
            // The same user's insights from the in-process model are not compared with Ollama's vectors.
            String fromOnnx = saveInsight(alice, "I live in Lisbon.");
            assertEquals(List.of(), texts(remote.get("/api/memory/search?q=Lisbon", alice).body().path("results"),
                    "insightId").stream().filter(fromOnnx::equals).toList());
        }
    }

    private static String saveInsight(String token, String text) throws Exception {
        HttpResult saved = post(token, "/api/memory/insights", Map.of("text", text));
        assertEquals(201, saved.status(), () -> String.valueOf(saved.body()));
        return saved.body().path("insightId").asText();
    }

    private static HttpResult search(String token, String query) throws Exception {
        return harness.get("/api/memory/search?q=" + URLEncoder.encode(query, StandardCharsets.UTF_8), token);
    }

    private static HttpResult put(String token, String path, Map<String, ?> body) throws Exception {
        return harness.send("PUT", path, token, JSON.writeValueAsString(body));
    }

    private static HttpResult post(String token, String path, Map<String, ?> body) throws Exception {
        return harness.send("POST", path, token, JSON.writeValueAsString(body));
    }

    private static void assertInvalid(HttpResult result, String field) {
        assertEquals(400, result.status(), () -> String.valueOf(result.body()));
        assertEquals("invalid_input", result.body().path("code").asText());
        assertTrue(result.body().path("message").asText().startsWith(field + ":"), () -> result.body().toString());
    }

    private static List<String> texts(JsonNode array, String field) {
        List<String> values = new ArrayList<>();
        array.forEach(item -> values.add(item.path(field).asText()));
        return values;
    }
}
