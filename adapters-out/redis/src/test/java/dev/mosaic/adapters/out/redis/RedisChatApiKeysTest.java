package dev.mosaic.adapters.out.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.application.port.out.RequestKeys;
import dev.mosaic.domain.conversation.ConversationId;
import dev.mosaic.domain.conversation.MessageId;
import dev.mosaic.domain.user.UserId;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

/** What the chat API channels keep in Redis: history digests and idempotency keys, per owner, expiring. */
class RedisChatApiKeysTest {

    private static RedisClient redis;
    private static RedisConversationDigests digests;
    private static RedisRequestKeys keys;

    @BeforeAll
    static void connect() {
        URI url = URI.create(System.getenv().getOrDefault("MOSAIC_TEST_REDIS_URL", "redis://127.0.0.1:6379/0"));
        redis = RedisClient.create(url);
        redis.ping();
        digests = new RedisConversationDigests(redis, new RedisNamespace("mosaic"));
        keys = new RedisRequestKeys(redis, new RedisNamespace("mosaic"));
    }

    @AfterAll
    static void disconnect() {
        redis.close();
    }

    @Test
    void aDigestFindsItsConversationsForItsOwnerAndChannelOnlyAndExpires() {
        UserId ana = UserId.random();
        ConversationId one = ConversationId.random();
        ConversationId two = ConversationId.random();
        digests.remember(ana, "openai", "d1", one, Duration.ofMinutes(5));
        digests.remember(ana, "openai", "d1", two, Duration.ofMinutes(5));

        assertEquals(Set.of(one, two), digests.find(ana, "openai", "d1"));
        assertEquals(Set.of(), digests.find(UserId.random(), "openai", "d1"));
        assertEquals(Set.of(), digests.find(ana, "anthropic", "d1"));
        long ttl = redis.pttl(digests.key(ana, "openai", "d1"));
        assertTrue(ttl > 0 && ttl <= Duration.ofMinutes(5).toMillis(), "expires by itself, in " + ttl + " ms");
    }

    @Test
    void aKeyIsClaimedOnceThenHoldsItsAnswerAndAReleasedKeyIsFreeAgain() {
        UserId ana = UserId.random();
        String key = "k-" + UUID.randomUUID();
        ConversationId conversation = ConversationId.random();
        MessageId answer = MessageId.random();

        assertEquals(Optional.empty(), keys.claim(ana, "openai", key, "r1", Duration.ofMinutes(1)));
        assertEquals(Optional.of(new RequestKeys.Earlier.Running("r1")),
                keys.claim(ana, "openai", key, "r2", Duration.ofMinutes(1)));
        assertEquals(Optional.empty(), keys.claim(UserId.random(), "openai", key, "r1", Duration.ofMinutes(1)),
                "another user's key of the same name is another key");
        RequestKeys.Earlier.Answered answered = new RequestKeys.Earlier.Answered("r1", conversation, answer);
        keys.answered(ana, "openai", key, answered, Duration.ofHours(1));
        assertEquals(Optional.of(answered), keys.claim(ana, "openai", key, "r1", Duration.ofMinutes(1)));
        long ttl = redis.pttl(keys.key(ana, "openai", key));
        assertTrue(ttl > Duration.ofMinutes(1).toMillis() && ttl <= Duration.ofHours(1).toMillis(), ttl + " ms");

        String refused = "k-" + UUID.randomUUID();
        keys.claim(ana, "openai", refused, "r1", Duration.ofMinutes(1));
        keys.release(ana, "openai", refused);
        assertEquals(Optional.empty(), keys.claim(ana, "openai", refused, "r1", Duration.ofMinutes(1)));
    }
}
