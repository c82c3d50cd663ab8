package dev.mosaic.adapters.out.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.application.contract.PendingLoginsContract;
import dev.mosaic.application.port.out.PendingLogins;
import dev.mosaic.domain.user.UserId;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

/** The pending-login contract against the real Redis, plus what only Redis itself can show: keys expire and binary survives. */
class RedisPendingLoginsTest extends PendingLoginsContract {

    private static RedisClient redis;
    private static RedisPendingLogins logins;

    @BeforeAll
    static void connect() {
        URI url = URI.create(System.getenv().getOrDefault("MOSAIC_TEST_REDIS_URL", "redis://127.0.0.1:6379/0"));
        redis = RedisClient.create(url);
        try {
            redis.ping();
        } catch (RuntimeException e) {
            throw new IllegalStateException("Redis is not reachable at " + url + ": run scripts/services.sh first", e);
        }
        logins = new RedisPendingLogins(redis, new RedisNamespace("mosaic"));
    }

    @AfterAll
    static void disconnect() {
        redis.close();
    }

    @Override
    protected PendingLogins logins() {
        return logins;
    }

    @Test
    void aLoginIsStoredWithItsTtlSoRedisDropsItByItself() {
        UserId owner = UserId.random();
        logins.save(new PendingLogins.Pending(owner, "state-ttl", "openai", new byte[] {1}), Duration.ofMinutes(10));

        long ttl = redis.pttl(logins.key(owner, "openai", "state-ttl"));
        assertTrue(ttl > 0 && ttl <= Duration.ofMinutes(10).toMillis(), "expires by itself, in " + ttl + " ms");
    }

    @Test
    void everyByteOfTheEncryptedVerifierComesBack() {
        UserId owner = UserId.random();
        byte[] ciphertext = new byte[256];
        for (int i = 0; i < ciphertext.length; i++) {
            ciphertext[i] = (byte) i;
        }
        PendingLogins.Pending pending = new PendingLogins.Pending(owner, "state-binary", "anthropic", ciphertext);
        logins.save(pending, Duration.ofMinutes(1));

        assertEquals(Optional.of(pending), logins.take(owner, "anthropic", "state-binary"), "newlines and zero bytes included");
    }

    @Test
    void aLoginBelongsToTheDeploymentWhosePrefixItWasSavedUnder() {
        UserId owner = UserId.random();
        PendingLogins.Pending pending = new PendingLogins.Pending(owner, "state-prefix", "openai", new byte[] {1});
        RedisPendingLogins blue = new RedisPendingLogins(redis, new RedisNamespace("blue"));
        blue.save(pending, Duration.ofMinutes(1));

        assertEquals(Optional.empty(), new RedisPendingLogins(redis, new RedisNamespace("green")).take(owner, "openai", "state-prefix"));
        assertEquals(Optional.of(pending), blue.take(owner, "openai", "state-prefix"));
    }
}
