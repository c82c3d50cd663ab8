package dev.mosaic.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mosaic.adapters.out.redis.RedisJobQueue;
import dev.mosaic.adapters.out.redis.RedisNamespace;
import dev.mosaic.application.job.JobRequest;
import dev.mosaic.application.port.in.ManageAccountsUseCase;
import dev.mosaic.simulator.Reply;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

/**
 * A conversation's summary job, run by the gateway's own workers: it reads the conversation as its
 * owner, asks the model routing picks for summaries (the seed rules: GLM-5, answered here by the
 * simulator) and stores the summary, which only the owner reads.
 */
class SummarizationEndToEndTest {
    private static final String PREFIX = "test-summaries-e2e-" + UUID.randomUUID().toString().substring(0, 8);
    private static GatewayHarness harness;

    @BeforeAll
    static void start() {
        harness = GatewayHarness.start(Map.of("MOSAIC_JOBS_WORKERS", "true", "MOSAIC_REDIS_PREFIX", PREFIX));
    }

    @AfterAll
    static void stop() {
        harness.close();
        GatewayHarness.clearRedisPrefix(PREFIX);
    }

    @Test
    void anIdleConversationIsSummarizedForItsOwner() throws Exception {
        ManageAccountsUseCase.NewUser alice = harness.newUserWithToken();
        String conversation = null;
        try (RawSocket socket = new RawSocket(harness.webSocket(), alice.token().secret())) {
            socket.next("ready");
            harness.simulator().script(Reply.text("Lisbon ", "by ", "train ", "works."));
            socket.send("{\"type\":\"message:send\",\"text\":\"Where should I go in May, by train?\"}");
            while (true) {
                JsonNode frame = socket.next();
                if (frame.path("type").asText().equals("session:info")) {
                    conversation = frame.path("conversationId").asText();
                } else if (frame.path("type").asText().equals("message:end")) {
                    break;
                }
            }
        }
        harness.simulator().script(Reply.text("Alice plans a train trip in May; Lisbon was suggested."));
        try (RedisClient redis = RedisClient.create(URI.create(GatewayHarness.testStores().get("MOSAIC_REDIS_URL")))) {
            new RedisJobQueue(redis, new RedisNamespace(PREFIX), RedisJobQueue.Retention.DEFAULT).enqueue("summaries",
                    JobRequest.of("summarize", Map.of("user", alice.user().id().toString(), "conversation", conversation,
                            "activity", Long.toString(System.currentTimeMillis()))).actingFor(alice.user().id()), 3);
        }
        List<String> row = List.of();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (row.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
            row = summaryAs(alice.user().id().toString(), conversation);
        }
        assertEquals(List.of("Alice plans a train trip in May; Lisbon was suggested.", "2", "glm-5"), row);
        assertEquals(List.of(), summaryAs(harness.newUserWithToken().user().id().toString(), conversation),
                "nobody else reads it");
    }

    /** The summary, messages covered and model, read as {@code user}. */
    private static List<String> summaryAs(String user, String conversation) throws Exception {
        Map<String, String> stores = GatewayHarness.testStores();
        try (Connection app = DriverManager.getConnection(stores.get("MOSAIC_DB_URL"), stores.get("MOSAIC_DB_USER"),
                stores.get("MOSAIC_DB_PASSWORD"));
                PreparedStatement actAs = app.prepareStatement("select set_config('mosaic.user_id', ?, false)");
                PreparedStatement query = app.prepareStatement("select summary, messages_covered, model"
                        + " from conversation_summaries where conversation_id = ?::uuid")) {
            actAs.setString(1, user);
            actAs.execute();
            query.setString(1, conversation);
            List<String> values = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    values.add(rows.getString(1));
                    values.add(rows.getString(2));
                    values.add(rows.getString(3));
                }
            }
            return values;
        }
    }
}
