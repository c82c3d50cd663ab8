package dev.mosaic.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mosaic.adapters.out.redis.RedisJobQueue;
import dev.mosaic.adapters.out.redis.RedisNamespace;
import dev.mosaic.application.job.JobRequest;
import dev.mosaic.domain.user.UserRole;
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
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

/**
 * The background jobs through the real gateway: a schedule run by an admin is done by the
 * in-process workers and logged; a job that cannot run fails, is retried by the admin, fails
 * again with both errors kept; queues pause and resume; non-admins get 403.
 */
class JobsAdminEndToEndTest {
    private static final String PREFIX = "test-jobs-e2e-" + UUID.randomUUID().toString().substring(0, 8);
    private static GatewayHarness harness;
    private static String admin;
    private static String adminId;
    private static String user;

    @BeforeAll
    static void start() {
        // A GC schedule that fires once at start-up (this year's tick, missed) and then not during the test.
        harness = GatewayHarness.start(Map.of("MOSAIC_JOBS_WORKERS", "true", "MOSAIC_REDIS_PREFIX", PREFIX,
                "MOSAIC_JOBS_GC_SCHEDULE", "0 0 1 1 *"));
        var made = harness.gateway().accounts().createUser("admin-" + UUID.randomUUID().toString().substring(0, 8), null,
                UserRole.ADMIN);
        admin = made.token().secret();
        adminId = made.user().id().toString();
        user = harness.newUserWithToken().token().secret();
    }

    @AfterAll
    static void stop() {
        harness.close();
        GatewayHarness.clearRedisPrefix(PREFIX);
    }

    private static JsonNode awaitJob(String id, Predicate<JsonNode> done) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            GatewayHarness.HttpResult job = harness.get("/api/admin/jobs/" + id, admin);
            assertEquals(200, job.status(), String.valueOf(job.body()));
            if (done.test(job.body())) {
                return job.body();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("job never got there: " + job.body());
            }
            Thread.sleep(20);
        }
    }

    @Test
    void onlyAdminsSeeTheJobs() throws Exception {
        assertEquals(401, harness.get("/api/admin/jobs", null).status());
        for (String path : List.of("/api/admin/jobs", "/api/admin/queues", "/api/admin/jobs/" + UUID.randomUUID())) {
            GatewayHarness.HttpResult refused = harness.get(path, user);
            assertEquals(403, refused.status(), path);
            assertEquals("forbidden", refused.body().get("code").asText());
        }
        assertEquals(403, harness.send("POST", "/api/admin/schedules/gc/run", user, null).status());
        assertEquals(403, harness.send("POST", "/api/admin/queues/maintenance/pause", user, null).status());
    }

    @Test
    void aScheduleRunNowIsDoneByTheWorkersAndLogged() throws Exception {
        GatewayHarness.HttpResult run = harness.send("POST", "/api/admin/schedules/gc/run", admin, null);
        assertEquals(202, run.status(), String.valueOf(run.body()));
        String id = run.body().get("jobId").asText();
        JsonNode job = awaitJob(id, j -> j.get("state").asText().equals("completed"));
        assertEquals("gc", job.get("type").asText());
        assertEquals("maintenance", job.get("queue").asText());
        assertEquals(1, job.get("attempt").asInt());

        JsonNode completed = harness.get("/api/admin/jobs?state=completed&queue=maintenance", admin).body();
        List<String> ids = new ArrayList<>();
        completed.get("jobs").forEach(j -> ids.add(j.get("id").asText()));
        assertTrue(ids.contains(id), completed::toString);

        JsonNode queues = harness.get("/api/admin/queues", admin).body().get("queues");
        JsonNode maintenance = queues.get(0);
        assertEquals("maintenance", maintenance.get("name").asText());
        assertTrue(maintenance.get("counts").get("completed").asLong() >= 1);
        assertTrue(maintenance.get("completedLastMinute").asLong() >= 1);

        // The log is written just after the queue is told, so it may trail the state by a moment.
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (agentLog(id).size() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(List.of("started", "completed"), agentLog(id));
        assertEquals(404, harness.send("POST", "/api/admin/schedules/nothing/run", admin, null).status());
        assertEquals(409, harness.send("POST", "/api/admin/jobs/" + id + "/retry", admin, null).status(),
                "a completed job is not retried");
    }

    @Test
    void aJobThatCannotRunFailsAndAnAdminRetriesAndDeletesIt() throws Exception {
        RedisJobQueue queue;
        try (RedisClient redis = RedisClient.create(URI.create(GatewayHarness.testStores().get("MOSAIC_REDIS_URL")))) {
            queue = new RedisJobQueue(redis, new RedisNamespace(PREFIX), RedisJobQueue.Retention.DEFAULT);
            // A type no version of this gateway knows, as another version or a hand could leave in Redis.
            String id = queue.enqueue("maintenance", JobRequest.of("from-the-future", Map.of("x", "1")), 3).id().toString();
            JsonNode failed = awaitJob(id, j -> j.get("state").asText().equals("failed"));
            assertEquals("unknown job type 'from-the-future'", failed.get("errors").get(0).get("message").asText());
            assertEquals(Map.of("x", "1").toString(), Map.of("x", failed.get("payload").get("x").asText()).toString());

            GatewayHarness.HttpResult retried = harness.send("POST", "/api/admin/jobs/" + id + "/retry", admin, null);
            assertEquals(200, retried.status(), String.valueOf(retried.body()));
            JsonNode again = awaitJob(id, j -> j.get("state").asText().equals("failed") && j.get("errors").size() == 2);
            assertEquals(1, again.get("errors").get(1).get("attempt").asInt());
            JsonNode listed = harness.get("/api/admin/jobs?state=failed", admin).body();
            assertTrue(listed.get("total").asLong() >= 1);

            assertEquals(204, harness.send("DELETE", "/api/admin/jobs/" + id, admin, null).status());
            assertEquals(404, harness.get("/api/admin/jobs/" + id, admin).status());
            assertEquals(404, harness.send("POST", "/api/admin/jobs/" + id + "/retry", admin, null).status());
            assertEquals(404, harness.get("/api/admin/jobs/not-an-id", admin).status());
        }
    }

    @Test
    void queuesPauseAndResumeAndBadInputIsNamed() throws Exception {
        GatewayHarness.HttpResult paused = harness.send("POST", "/api/admin/queues/maintenance/pause", admin, null);
        assertEquals(200, paused.status());
        assertTrue(paused.body().get("paused").asBoolean());
        try {
            assertTrue(harness.get("/api/admin/queues", admin).body().get("queues").get(0).get("paused").asBoolean());
        } finally {
            assertEquals(200, harness.send("POST", "/api/admin/queues/maintenance/resume", admin, null).status());
        }
        assertEquals(404, harness.send("POST", "/api/admin/queues/no-such-queue/pause", admin, null).status());
        GatewayHarness.HttpResult badState = harness.get("/api/admin/jobs?state=sleeping", admin);
        assertEquals(400, badState.status());
        assertEquals("state", badState.body().get("field").asText());
    }

    /** The outcomes logged for a job, read as the admin (the system's rows are admins' only). */
    private static List<String> agentLog(String jobId) throws Exception {
        Map<String, String> stores = GatewayHarness.testStores();
        try (Connection app = DriverManager.getConnection(stores.get("MOSAIC_DB_URL"), stores.get("MOSAIC_DB_USER"),
                stores.get("MOSAIC_DB_PASSWORD"));
                PreparedStatement actAs = app.prepareStatement("select set_config('mosaic.user_id', ?, false)");
                PreparedStatement query = app.prepareStatement(
                        "select outcome from agent_logs where job_id = ?::uuid order by id")) {
            actAs.setString(1, adminId);
            actAs.execute();
            query.setString(1, jobId);
            List<String> outcomes = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    outcomes.add(rows.getString(1));
                }
            }
            return outcomes;
        }
    }
}
