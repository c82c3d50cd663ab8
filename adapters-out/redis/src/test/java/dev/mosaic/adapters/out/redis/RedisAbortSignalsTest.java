package dev.mosaic.adapters.out.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mosaic.application.contract.AbortSignalsContract;
import dev.mosaic.application.port.out.AbortSignals;
import dev.mosaic.domain.conversation.ConversationId;
import dev.mosaic.domain.user.UserId;
import java.net.URI;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

/** The abort-signal contract over the real Redis, each "instance" with a client of its own. */
class RedisAbortSignalsTest extends AbortSignalsContract {

    private static final URI URL = URI.create(System.getenv().getOrDefault("MOSAIC_TEST_REDIS_URL",
            "redis://127.0.0.1:6379/0"));
    private static final List<RedisClient> clients = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void reachable() {
        try (RedisClient redis = RedisClient.create(URL)) {
            redis.ping();
        } catch (RuntimeException e) {
            throw new IllegalStateException("Redis is not reachable at " + URL + ": run scripts/services.sh first", e);
        }
    }

    @AfterAll
    static void disconnect() {
        clients.forEach(RedisClient::close);
    }

    @Override
    protected AbortSignals instance() {
        RedisClient redis = RedisClient.create(URL);
        clients.add(redis);
        return new RedisAbortSignals(redis);
    }

    @Test
    void aMalformedMessageIsSkippedAndTheSubscriptionGoesOn() throws Exception {
        BlockingQueue<UserId> owners = new LinkedBlockingQueue<>();
        UserId owner = UserId.random();
        try (RedisClient redis = RedisClient.create(URL);
                AbortSignals.Subscription listening = new RedisAbortSignals(redis).subscribe((o, c) -> owners.add(o))) {
            redis.publish(RedisAbortSignals.CHANNEL, "not a signal");
            new RedisAbortSignals(redis).publish(owner, ConversationId.random());

            UserId received = owners.poll(10, TimeUnit.SECONDS);
            while (received != null && !received.equals(owner)) {
                received = owners.poll(10, TimeUnit.SECONDS);
            }
            assertEquals(owner, received);
        }
    }
}
