package dev.mosaic.adapters.out.redis;

import java.net.URI;
import java.util.UUID;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/** The test Redis, and a key prefix of a test's own that is cleared after it. */
final class JobRedis implements AutoCloseable {
    static final URI URL = URI.create(System.getenv().getOrDefault("MOSAIC_TEST_REDIS_URL", "redis://127.0.0.1:6379/0"));

    final RedisClient redis = RedisClient.create(URL);
    final RedisNamespace namespace = new RedisNamespace("test-jobs-" + UUID.randomUUID().toString().substring(0, 8));

    RedisJobQueue queue() {
        return new RedisJobQueue(redis, namespace, RedisJobQueue.Retention.DEFAULT);
    }

    @Override
    public void close() {
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
            ScanResult<String> page = redis.scan(cursor, new ScanParams().match(namespace.prefix() + ":*").count(1000));
            if (!page.getResult().isEmpty()) {
                redis.del(page.getResult().toArray(String[]::new));
            }
            cursor = page.getCursor();
        } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        redis.close();
    }
}
