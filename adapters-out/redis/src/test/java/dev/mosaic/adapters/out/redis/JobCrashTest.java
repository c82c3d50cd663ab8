package dev.mosaic.adapters.out.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.application.job.JobRequest;
import dev.mosaic.application.job.JobState;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Worker processes killed with SIGKILL in the middle of a queue lose no job: each job completes,
 * and runs again at most once per job that was in flight at a kill. (The full-size version is
 * {@code ./mosaic bench-jobs crash}.)
 */
class JobCrashTest {
    private static final int JOBS = 600;
    private static final int KILLS = 2;

    private final JobRedis redis = new JobRedis();

    @AfterEach
    void clear() {
        redis.close();
    }

    private Process worker() throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), CrashWorker.class.getName(),
                JobRedis.URL.toString(), redis.namespace.prefix(), "300").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    private long completed(RedisJobQueue queue) {
        return queue.queues().stream().mapToLong(s -> s.counts().getOrDefault(JobState.COMPLETED, 0L)).sum();
    }

    @Test
    void killedWorkersLoseNoJob() throws Exception {
        RedisJobQueue queue = redis.queue();
        for (int i = 0; i < JOBS; i++) {
            queue.enqueue("crash", JobRequest.of("crash", Map.of("n", "" + i)), 10);
        }
        for (int kill = 1; kill <= KILLS; kill++) {
            Process worker = worker();
            long target = (long) JOBS * kill / (KILLS + 1);
            awaitCompleted(queue, target);
            worker.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook, no hand-back
        }
        Process last = worker();
        try {
            awaitCompleted(queue, JOBS);
        } finally {
            last.destroyForcibly().waitFor();
        }
        Map<String, String> runs = redis.redis.hgetAll(redis.namespace.name("runs"));
        assertEquals(JOBS, runs.size(), "every job ran");
        long duplicates = runs.values().stream().mapToLong(r -> Long.parseLong(r) - 1).sum();
        assertTrue(duplicates <= (long) KILLS * CrashWorker.CONCURRENCY,
                duplicates + " repeated runs: more than the jobs in flight at " + KILLS + " kills");
        assertEquals(List.of(), queue.list(JobState.DEAD, java.util.Optional.empty(), new dev.mosaic.application.PageRequest(1, 10))
                .items());
    }

    private void awaitCompleted(RedisJobQueue queue, long target) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (completed(queue) < target) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("only " + completed(queue) + " of " + target + " jobs completed");
            }
            Thread.sleep(5);
        }
    }
}
