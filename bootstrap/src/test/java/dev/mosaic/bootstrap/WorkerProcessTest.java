package dev.mosaic.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mosaic.adapters.out.redis.RedisJobQueue;
import dev.mosaic.adapters.out.redis.RedisNamespace;
import dev.mosaic.application.job.JobId;
import dev.mosaic.application.job.JobRequest;
import dev.mosaic.application.job.JobState;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/** {@code ./mosaic worker}: the background jobs without the web server, run even where gateways leave them. */
class WorkerProcessTest {

    @Test
    void aWorkerRunsJobsAndServesNoHttp() throws Exception {
        String prefix = "test-worker-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> env = new HashMap<>(GatewayHarness.testStores());
        env.put("MOSAIC_REDIS_PREFIX", prefix);
        env.put("MOSAIC_JOBS_WORKERS", "false"); // a worker runs them all the same
        env.put("MOSAIC_JOBS_GC_SCHEDULE", "off");
        env.put("MOSAIC_JOBS_SUMMARIZE_SCHEDULE", "off");
        env.put("MOSAIC_JOBS_TIER_SCHEDULE", "off");
        env.put("MOSAIC_JOBS_REEMBED_SCHEDULE", "off");
        env.put("MOSAIC_JOBS_DECAY_SCHEDULE", "off");
        env.put("MOSAIC_JOBS_INSIGHT_INDEX_SCHEDULE", "off");
        env.put("MOSAIC_PROVIDER", "simulator");
        env.put("MOSAIC_MASTER_KEY", TestKeys.newKeyset());
        URI redisUrl = URI.create(env.get("MOSAIC_REDIS_URL"));
        try (RedisClient redis = RedisClient.create(redisUrl);
                Gateway worker = Gateway.startWorker(GatewaySettings.load(env))) {
            assertThrows(IllegalStateException.class, worker::port, "no web server");
            RedisJobQueue queue = new RedisJobQueue(redis, new RedisNamespace(prefix), RedisJobQueue.Retention.DEFAULT);
            JobId id = queue.enqueue("maintenance", JobRequest.of("gc", Map.of()), 3).id();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (queue.job(id).orElseThrow().state() != JobState.COMPLETED && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(JobState.COMPLETED, queue.job(id).orElseThrow().state());
            assertEquals(1, queue.queues().stream().mapToLong(q -> q.counts().values().stream().mapToLong(n -> n).sum())
                    .sum(), "schedules that are off enqueue nothing");
        } finally {
            try (RedisClient redis = RedisClient.create(redisUrl)) {
                String cursor = ScanParams.SCAN_POINTER_START;
                do {
                    ScanResult<String> page = redis.scan(cursor, new ScanParams().match(prefix + ":*").count(1000));
                    if (!page.getResult().isEmpty()) {
                        redis.del(page.getResult().toArray(String[]::new));
                    }
                    cursor = page.getCursor();
                } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
            }
        }
    }
}
