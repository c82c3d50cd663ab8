package dev.mosaic.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mosaic.adapters.out.redis.RedisJobQueue;
import dev.mosaic.adapters.out.redis.RedisNamespace;
import dev.mosaic.application.job.JobRequest;
import dev.mosaic.application.service.MemoryJobs;
import dev.mosaic.bootstrap.GatewayHarness.HttpResult;
import dev.mosaic.domain.user.UserId;
import dev.mosaic.simulator.ProviderSimulator;
import dev.mosaic.simulator.SimulatorOptions;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

/**
 * A change of embedding model, through running gateways embedding with Ollama (the simulator's
 * {@code /api/embed}): until a worker has embedded a user's insights anew, their searches embed the
 * query with the previous model and find the old vectors; afterwards every insight has a vector of
 * the new model, the old ones are gone, and searches use the new. The test's gateways sweep nothing
 * (the sweep would find every user of the test database); the job is enqueued as the sweep would.
 */
class ReembeddingEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OLD = "nomic-embed-text";
    private static final String NEW = "nomic-embed-text-v2";
    private static final List<String> FACTS = List.of("I live in Lisbon.", "I keep three cats.", "I deploy with Kubernetes.");

    @Test
    void searchKeepsWorkingOnTheOldVectorsUntilTheJobHasEmbeddedEveryInsightWithTheNewModel() throws Exception {
        String prefix = "test-reembed-" + UUID.randomUUID().toString().substring(0, 8);
        try (ProviderSimulator ollama = ProviderSimulator.start(SimulatorOptions.defaults())) {
            Map<String, String> before = settings(prefix, ollama, OLD);
            String alice;
            String aliceId;
            try (GatewayHarness old = GatewayHarness.start(before)) {
                var made = old.newUserWithToken();
                alice = made.token().secret();
                aliceId = made.user().id().toString();
                for (String fact : FACTS) {
                    HttpResult saved = old.send("POST", "/api/memory/insights", alice,
                            JSON.writeValueAsString(Map.of("text", fact)));
                    assertEquals(201, saved.status(), () -> String.valueOf(saved.body()));
                }
            }
            assertEquals(List.of("ollama/" + OLD + " 3"), vectorsOf(aliceId));

            Map<String, String> after = settings(prefix, ollama, NEW);
            after.putAll(Map.of("MOSAIC_PREVIOUS_EMBEDDINGS", "ollama", "MOSAIC_PREVIOUS_EMBEDDINGS_URL",
                    ollama.rootUrl().toString(), "MOSAIC_PREVIOUS_EMBEDDINGS_MODEL", OLD,
                    "MOSAIC_PREVIOUS_EMBEDDINGS_DIMENSIONS", "768"));
            try (GatewayHarness changed = GatewayHarness.start(after)) {
                JsonNode during = search(changed, alice, "I keep three cats.");
                assertEquals("ollama/" + OLD, during.path("model").asText(), during::toString);
                assertEquals("I keep three cats.", during.path("results").get(0).path("text").asText());
                assertEquals(1.0, during.path("results").get(0).path("similarity").asDouble(), 1e-4);
                assertTrue(during.path("partial").isMissingNode(), during::toString);

                // A worker of the new settings runs the job the sweep enqueues for alice. The sweep itself
                // stays off: it would find every user of the test database (MemoryJobsTest shows it).
                Map<String, String> worker = new HashMap<>(after);
                worker.put("MOSAIC_JOBS_WORKERS", "true");
                try (GatewayHarness workers = GatewayHarness.start(worker);
                        RedisClient redis = RedisClient.create(URI.create(GatewayHarness.testStores().get("MOSAIC_REDIS_URL")))) {
                    new RedisJobQueue(redis, new RedisNamespace(prefix), RedisJobQueue.Retention.DEFAULT).enqueue(
                            MemoryJobs.QUEUE, JobRequest.of(MemoryJobs.REEMBED.name(), Map.of("user", aliceId, "model",
                                    "ollama/" + NEW, "dimensions", "768")).actingFor(new UserId(UUID.fromString(aliceId))),
                            MemoryJobs.REEMBED.maxAttempts());
                    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                    while (!vectorsOf(aliceId).equals(List.of("ollama/" + NEW + " 3")) && System.nanoTime() < deadline) {
                        Thread.sleep(100);
                    }
                    assertEquals(List.of("ollama/" + NEW + " 3"), vectorsOf(aliceId),
                            "every insight has a vector of the new model, and the old ones are gone");
                }

                JsonNode done = search(changed, alice, "I keep three cats.");
                assertEquals("ollama/" + NEW, done.path("model").asText(), done::toString);
                assertEquals("I keep three cats.", done.path("results").get(0).path("text").asText());
                assertFalse(done.has("partial"), done::toString);
                assertTrue(ollama.requests().stream().anyMatch(r -> r.path().equals("/api/embed")
                        && r.body().path("model").asText().equals(NEW)));
            }
        } finally {
            deleteKeys(prefix);
        }
    }

    /** Without the previous model, a search during the change uses the new vectors there are, and says so. */
    @Test
    void withoutThePreviousModelASearchDuringTheChangeIsPartialAndSaysSo() throws Exception {
        String prefix = "test-reembed-" + UUID.randomUUID().toString().substring(0, 8);
        try (ProviderSimulator ollama = ProviderSimulator.start(SimulatorOptions.defaults())) {
            String alice;
            try (GatewayHarness old = GatewayHarness.start(settings(prefix, ollama, OLD))) {
                alice = old.newUser();
                assertEquals(201, old.send("POST", "/api/memory/insights", alice,
                        JSON.writeValueAsString(Map.of("text", FACTS.getFirst()))).status());
            }
            try (GatewayHarness changed = GatewayHarness.start(settings(prefix, ollama, NEW))) {
                assertEquals(201, changed.send("POST", "/api/memory/insights", alice,
                        JSON.writeValueAsString(Map.of("text", FACTS.get(1)))).status());
                JsonNode found = search(changed, alice, FACTS.get(1));
                assertEquals("ollama/" + NEW, found.path("model").asText());
                assertEquals(List.of(FACTS.get(1)), texts(found.path("results")));
                assertTrue(found.path("partial").asText().startsWith("1 of 2 insights"), found::toString);
            }
        } finally {
            deleteKeys(prefix);
        }
    }

    private static Map<String, String> settings(String prefix, ProviderSimulator ollama, String model) {
        return new HashMap<>(Map.of("MOSAIC_REDIS_PREFIX", prefix, "MOSAIC_EMBEDDINGS", "ollama",
                "MOSAIC_EMBEDDINGS_URL", ollama.rootUrl().toString(), "MOSAIC_EMBEDDINGS_MODEL", model,
                "MOSAIC_EMBEDDINGS_DIMENSIONS", "768"));
    }

    private static JsonNode search(GatewayHarness gateway, String token, String query) throws Exception {
        HttpResult found = gateway.get("/api/memory/search?q=" + URLEncoder.encode(query, StandardCharsets.UTF_8), token);
        assertEquals(200, found.status(), () -> String.valueOf(found.body()));
        return found.body();
    }

    private static List<String> texts(JsonNode results) {
        List<String> texts = new ArrayList<>();
        results.forEach(r -> texts.add(r.path("text").asText()));
        return texts;
    }

    /** The user's insight vectors as "model count", read as that user. */
    private static List<String> vectorsOf(String user) throws Exception {
        Map<String, String> stores = GatewayHarness.testStores();
        try (Connection app = DriverManager.getConnection(stores.get("MOSAIC_DB_URL"), stores.get("MOSAIC_DB_USER"),
                stores.get("MOSAIC_DB_PASSWORD"));
                PreparedStatement actAs = app.prepareStatement("select set_config('mosaic.user_id', ?, false)");
                PreparedStatement query = app.prepareStatement("select model || ' ' || count(*) from embeddings"
                        + " where subject_kind = 'insight' group by model order by model")) {
            actAs.setString(1, user);
            actAs.execute();
            List<String> rows = new ArrayList<>();
            try (ResultSet result = query.executeQuery()) {
                while (result.next()) {
                    rows.add(result.getString(1));
                }
            }
            return rows;
        }
    }

    private static void deleteKeys(String prefix) {
        GatewayHarness.clearRedisPrefix(prefix);
    }
}
