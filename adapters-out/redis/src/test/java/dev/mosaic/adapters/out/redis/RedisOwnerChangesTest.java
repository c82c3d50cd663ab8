package dev.mosaic.adapters.out.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mosaic.domain.user.Owner;
import dev.mosaic.domain.user.UserId;
import java.net.URI;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

/** Rule changes cross instances through the real Redis: each "instance" has a client of its own. */
class RedisOwnerChangesTest {
    private static final URI URL = URI.create(System.getenv().getOrDefault("MOSAIC_TEST_REDIS_URL",
            "redis://127.0.0.1:6379/0"));
    private static final RedisNamespace NAMESPACE = new RedisNamespace("test-rules");

    @Test
    void aChangePublishedByOneInstanceReachesAnother() throws Exception {
        BlockingQueue<Owner> heard = new LinkedBlockingQueue<>();
        UserId alice = UserId.random();
        try (RedisClient one = RedisClient.create(URL); RedisClient two = RedisClient.create(URL);
                AutoCloseable listening = new RedisOwnerChanges(two, NAMESPACE).subscribe(heard::add, () -> { })) {
            RedisOwnerChanges publisher = new RedisOwnerChanges(one, NAMESPACE);
            one.publish(NAMESPACE.name(RedisOwnerChanges.CHANNEL), "not an owner");
            publisher.publish(Owner.of(alice));
            publisher.publish(Owner.SYSTEM);
            assertEquals(Owner.of(alice), heard.poll(10, TimeUnit.SECONDS), "the malformed message is skipped");
            assertEquals(Owner.SYSTEM, heard.poll(10, TimeUnit.SECONDS));
        }
    }
}
