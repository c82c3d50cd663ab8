package dev.mosaic.adapters.out.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.application.contract.ReplyLeasesContract;
import dev.mosaic.application.port.out.ReplyLeases;
import dev.mosaic.domain.conversation.ConversationId;
import dev.mosaic.domain.user.UserId;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

/** The reply-lease contract against the real Redis, plus what only a real expiry can show. */
class RedisReplyLeasesTest extends ReplyLeasesContract {

    private static final Duration TTL = Duration.ofMillis(300);
    private static final RedisNamespace NAMESPACE = new RedisNamespace("mosaic");
    private static RedisClient redis;
    private static RedisReplyLeases leases;

    @BeforeAll
    static void connect() {
        URI url = URI.create(System.getenv().getOrDefault("MOSAIC_TEST_REDIS_URL", "redis://127.0.0.1:6379/0"));
        redis = RedisClient.create(url);
        leases = new RedisReplyLeases(redis, new RedisConfig(url, TTL), NAMESPACE);
        if (!leases.isReachable()) {
            throw new IllegalStateException("Redis is not reachable at " + url + ": run scripts/services.sh first");
        }
    }

    @AfterAll
    static void disconnect() {
        leases.close();
        redis.close();
    }

    @Override
    protected ReplyLeases leases() {
        return leases;
    }

    @Test
    void aLeaseOutlivesItsTtlWhileTheHolderRenewsIt() throws InterruptedException {
        UserId owner = UserId.random();
        ConversationId conversation = ConversationId.random();
        try (ReplyLeases.Lease lease = leases.acquire(owner, conversation).orElseThrow()) {
            Thread.sleep(TTL.multipliedBy(4).toMillis());
            assertTrue(leases.isHeld(owner, conversation), "renewal keeps a live holder's lease");
            assertTrue(leases.acquire(owner, conversation).isEmpty());
        }
        assertFalse(leases.isHeld(owner, conversation));
    }

    @Test
    void aLeaseWhoseHolderDiedExpiresByItself() throws InterruptedException {
        UserId owner = UserId.random();
        ConversationId conversation = ConversationId.random();
        RedisReplyLeases crashing = new RedisReplyLeases(redis, new RedisConfig(URI.create("redis://127.0.0.1"), TTL),
                NAMESPACE);
        assertTrue(crashing.acquire(owner, conversation).isPresent());
        crashing.close(); // the instance stops renewing without releasing, as a crashed gateway would

        long deadline = System.nanoTime() + TTL.multipliedBy(10).toNanos();
        while (leases.isHeld(owner, conversation) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertFalse(leases.isHeld(owner, conversation), "an abandoned lease expires after its TTL");
        leases.acquire(owner, conversation).orElseThrow().close();
    }

    @Test
    void keysNameTheOwnerSoNoUserCanTouchAnothersLease() {
        UserId owner = UserId.random();
        ConversationId conversation = ConversationId.random();
        assertEquals("mosaic:reply-lease:" + owner + ":" + conversation, leases.key(owner, conversation));
        try (ReplyLeases.Lease lease = leases.acquire(owner, conversation).orElseThrow()) {
            assertTrue(redis.exists(leases.key(owner, conversation)));
            assertFalse(leases.isHeld(UserId.random(), conversation));
        }
    }

    @Test
    void aLeaseHeldByOneDeploymentLeavesAnotherPrefixFree() {
        UserId owner = UserId.random();
        ConversationId conversation = ConversationId.random();
        RedisReplyLeases other = new RedisReplyLeases(redis, new RedisConfig(URI.create("redis://127.0.0.1"), TTL),
                new RedisNamespace("other-deployment"));
        try (ReplyLeases.Lease lease = leases.acquire(owner, conversation).orElseThrow();
                ReplyLeases.Lease theirs = other.acquire(owner, conversation).orElseThrow()) {
            assertTrue(other.isHeld(owner, conversation));
        } finally {
            other.close();
        }
    }
}
