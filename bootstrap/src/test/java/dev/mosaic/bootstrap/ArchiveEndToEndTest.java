package dev.mosaic.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mosaic.adapters.out.redis.RedisJobQueue;
import dev.mosaic.adapters.out.redis.RedisNamespace;
import dev.mosaic.application.job.JobRequest;
import dev.mosaic.application.port.in.ManageAccountsUseCase;
import dev.mosaic.application.service.MaintenanceJobs;
import dev.mosaic.simulator.RecordedRequest;
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
 * The tier job run by the gateway's own workers moves a long-quiet conversation to the archive,
 * and the owner resumes it over the WebSocket as if nothing had moved: the whole history comes
 * back and the model is sent all of it with the new question.
 */
class ArchiveEndToEndTest {
    private static final String PREFIX = "test-archive-e2e-" + UUID.randomUUID().toString().substring(0, 8);
    private static GatewayHarness harness;

    @BeforeAll
    static void start() {
        // Other tests share the database: only what is older than ~25 years is due here, which only
        // this test's conversation is, once it is made to look that old.
        harness = GatewayHarness.start(Map.of("MOSAIC_JOBS_WORKERS", "true", "MOSAIC_REDIS_PREFIX", PREFIX,
                "MOSAIC_JOBS_ARCHIVE_AFTER", "P9000D", "MOSAIC_JOBS_LOG_RETENTION", "P36500D"));
    }

    @AfterAll
    static void stop() {
        harness.close();
        GatewayHarness.clearRedisPrefix(PREFIX);
    }

    @Test
    void anArchivedConversationIsResumedWithItsWholeHistory() throws Exception {
        ManageAccountsUseCase.NewUser alice = harness.newUserWithToken();
        String user = alice.user().id().toString();
        String conversation = null;
        try (RawSocket socket = new RawSocket(harness.webSocket(), alice.token().secret())) {
            socket.next("ready");
            harness.simulator().script(Reply.text("Take ", "the ", "zeppelin."));
            socket.send("{\"type\":\"message:send\",\"text\":\"How do I get to Lisbon in style?\"}");
            conversation = socket.next("session:info").path("conversationId").asText();
            socket.next("message:end");
        }
        assertEquals(1, updateAs(user, "update conversations set last_activity_at = last_activity_at - interval '40 years'"
                + " where id = ?::uuid", conversation));
        assertEquals(2, updateAs(user, "update messages set created_at = created_at - interval '40 years'"
                + " where conversation_id = ?::uuid", conversation));

        try (RedisClient redis = RedisClient.create(URI.create(GatewayHarness.testStores().get("MOSAIC_REDIS_URL")))) {
            new RedisJobQueue(redis, new RedisNamespace(PREFIX), RedisJobQueue.Retention.DEFAULT)
                    .enqueue(MaintenanceJobs.QUEUE, JobRequest.of(MaintenanceJobs.TIER.name(), Map.of()), 3);
        }
        String archived = "select count(*) from messages_archive where conversation_id = ?::uuid";
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!queryAs(user, archived, conversation).equals(List.of("2")) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(List.of("2"), queryAs(user, archived, conversation), "the tier job moved both messages");
        assertEquals(List.of("0"), queryAs(user, "select count(*) from messages where conversation_id = ?::uuid",
                conversation));

        try (RawSocket socket = new RawSocket(harness.webSocket(), alice.token().secret())) {
            socket.next("ready");
            socket.send("{\"type\":\"conversation:open\",\"conversationId\":\"" + conversation + "\"}");
            JsonNode history = socket.next("conversation:history");
            assertEquals(List.of("How do I get to Lisbon in style?", "Take the zeppelin."), texts(history.path("messages")));

            harness.simulator().script(Reply.text("Book ", "early."));
            socket.send("{\"type\":\"message:send\",\"text\":\"And the tickets?\",\"conversationId\":\"" + conversation + "\"}");
            socket.next("message:end");
        }
        RecordedRequest asked = harness.chatRequests().getLast();
        assertTrue(asked.body().toString().contains("How do I get to Lisbon in style?")
                && asked.body().toString().contains("Take the zeppelin."), "the model was sent the archived history");
        GatewayHarness.HttpResult stored = harness.get("/api/conversations/" + conversation, alice.token().secret());
        assertEquals(200, stored.status());
        assertEquals(List.of("How do I get to Lisbon in style?", "Take the zeppelin.", "And the tickets?", "Book early."),
                texts(stored.body().path("messages")));
        GatewayHarness.HttpResult found = harness.get("/api/conversations/search?q=zeppelin", alice.token().secret());
        assertEquals(200, found.status());
        assertEquals(1, found.body().path("total").asInt(), found.body().toString());
    }

    private static List<String> texts(JsonNode messages) {
        List<String> texts = new ArrayList<>();
        for (JsonNode message : messages) {
            StringBuilder text = new StringBuilder();
            message.path("content").forEach(block -> text.append(block.path("text").asText("")));
            texts.add(text.toString());
        }
        return texts;
    }

    private static Connection connectAs(String user) throws Exception {
        Map<String, String> stores = GatewayHarness.testStores();
        Connection app = DriverManager.getConnection(stores.get("MOSAIC_DB_URL"), stores.get("MOSAIC_DB_USER"),
                stores.get("MOSAIC_DB_PASSWORD"));
        try (PreparedStatement actAs = app.prepareStatement("select set_config('mosaic.user_id', ?, false)")) {
            actAs.setString(1, user);
            actAs.execute();
        }
        return app;
    }

    private static int updateAs(String user, String sql, String parameter) throws Exception {
        try (Connection app = connectAs(user); PreparedStatement update = app.prepareStatement(sql)) {
            update.setString(1, parameter);
            return update.executeUpdate();
        }
    }

    private static List<String> queryAs(String user, String sql, String parameter) throws Exception {
        try (Connection app = connectAs(user); PreparedStatement query = app.prepareStatement(sql)) {
            query.setString(1, parameter);
            List<String> values = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    values.add(rows.getString(1));
                }
            }
            return values;
        }
    }
}
