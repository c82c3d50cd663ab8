package dev.mosaic.adapters.out.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mosaic.application.contract.AbortSignalsContract;
import dev.mosaic.application.port.out.AbortSignals;
import dev.mosaic.domain.conversation.ConversationId;
import dev.mosaic.domain.user.UserId;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
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
    private static final RedisNamespace NAMESPACE = namespace("abort-test");
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

    private static RedisNamespace namespace(String name) {
        return new RedisNamespace(name + "-" + UUID.randomUUID().toString().substring(0, 8));
    }

    private static AbortSignals instance(RedisNamespace namespace) {
        RedisClient redis = RedisClient.create(URL);
        clients.add(redis);
        return new RedisAbortSignals(redis, namespace);
    }

    @Override
    protected AbortSignals instance() {
        return instance(NAMESPACE);
    }

    /**
     * Who heard which owner's signal, up to and including {@code last}. A deployment's two signals
     * are published one after the other, and Redis hands every subscriber its messages in the order
     * they were published: a listener that also heard the other deployment's signal, sent first,
     * would find it ahead of its own.
     */
    private static List<UserId> heardUntil(BlockingQueue<UserId> queue, UserId last) throws InterruptedException {
        List<UserId> heard = new ArrayList<>();
        for (UserId owner = queue.poll(10, TimeUnit.SECONDS); owner != null; owner = queue.poll(10, TimeUnit.SECONDS)) {
            heard.add(owner);
            if (owner.equals(last)) {
                break;
            }
        }
        return heard;
    }

    @Test
    void deploymentsWithAnotherPrefixDoNotHearEachOtherOnesWithTheSamePrefixDo() throws Exception {
        RedisNamespace blue = namespace("blue");
        RedisNamespace green = namespace("green");
        BlockingQueue<UserId> blueHeard = new LinkedBlockingQueue<>();
        BlockingQueue<UserId> blueTwinHeard = new LinkedBlockingQueue<>();
        BlockingQueue<UserId> greenHeard = new LinkedBlockingQueue<>();
        UserId firstBlue = UserId.random();
        UserId green1 = UserId.random();
        UserId green2 = UserId.random();
        UserId secondBlue = UserId.random();
        try (AbortSignals.Subscription a = instance(blue).subscribe((o, c) -> blueHeard.add(o));
                AbortSignals.Subscription b = instance(blue).subscribe((o, c) -> blueTwinHeard.add(o));
                AbortSignals.Subscription c = instance(green).subscribe((o, conversation) -> greenHeard.add(o))) {
            AbortSignals bluePublisher = instance(blue);
            AbortSignals greenPublisher = instance(green);
            bluePublisher.publish(firstBlue, ConversationId.random());
            greenPublisher.publish(green1, ConversationId.random());
            greenPublisher.publish(green2, ConversationId.random());
            bluePublisher.publish(secondBlue, ConversationId.random());

            assertEquals(List.of(green1, green2), heardUntil(greenHeard, green2), "green hears nothing of blue");
            assertEquals(List.of(firstBlue, secondBlue), heardUntil(blueHeard, secondBlue), "blue hears nothing of green");
            assertEquals(List.of(firstBlue, secondBlue), heardUntil(blueTwinHeard, secondBlue),
                    "another instance of the same deployment hears blue's signals");
        }
    }

    @Test
    void aMalformedMessageIsSkippedAndTheSubscriptionGoesOn() throws Exception {
        BlockingQueue<UserId> owners = new LinkedBlockingQueue<>();
        UserId owner = UserId.random();
        try (RedisClient redis = RedisClient.create(URL);
                AbortSignals.Subscription listening = new RedisAbortSignals(redis, NAMESPACE).subscribe((o, c) -> owners.add(o))) {
            redis.publish(NAMESPACE.name(RedisAbortSignals.CHANNEL), "not a signal");
            new RedisAbortSignals(redis, NAMESPACE).publish(owner, ConversationId.random());

            UserId received = owners.poll(10, TimeUnit.SECONDS);
            while (received != null && !received.equals(owner)) {
                received = owners.poll(10, TimeUnit.SECONDS);
            }
            assertEquals(owner, received);
        }
    }
}
