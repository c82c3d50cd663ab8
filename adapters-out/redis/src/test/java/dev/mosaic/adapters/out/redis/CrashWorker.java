package dev.mosaic.adapters.out.redis;

import dev.mosaic.application.job.JobType;
import dev.mosaic.application.job.PayloadSchema;
import dev.mosaic.application.service.JobWorkers;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import redis.clients.jedis.RedisClient;

/**
 * A worker process for the crash test: runs the queue "crash" and counts, per job, how often it ran
 * in the hash {@code <prefix>:runs}. Runs until killed.
 */
public final class CrashWorker {
    static final JobType TYPE = JobType.of("crash", "crash",
            new PayloadSchema(Map.of("n", PayloadSchema.Field.required(PayloadSchema.Kind.INTEGER))));
    static final int CONCURRENCY = 8;

    private CrashWorker() {}

    /** Arguments: Redis URL, key prefix, visibility timeout in ms. */
    public static void main(String[] args) throws InterruptedException {
        RedisClient redis = RedisClient.create(URI.create(args[0]));
        RedisNamespace namespace = new RedisNamespace(args[1]);
        RedisJobQueue queue = new RedisJobQueue(redis, namespace, RedisJobQueue.Retention.DEFAULT);
        new JobWorkers(queue, event -> {}, Map.of(TYPE, job -> {
            Thread.sleep(2);
            redis.hincrBy(namespace.name("runs"), job.payload().get("n"), 1);
        }), new JobWorkers.Settings(Duration.ofMillis(Long.parseLong(args[2])), Duration.ofMillis(10), Duration.ofSeconds(1),
                Duration.ofSeconds(1)), Clock.systemUTC()).serve("crash", CONCURRENCY);
        System.out.println("ready");
        Thread.sleep(Long.MAX_VALUE);
    }
}
