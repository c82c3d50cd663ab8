package dev.mosaic.adapters.out.redis;

import dev.mosaic.application.port.out.ConversationDigests;
import dev.mosaic.domain.conversation.ConversationId;
import dev.mosaic.domain.user.UserId;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import redis.clients.jedis.UnifiedJedis;

/**
 * History digests as Redis sets that expire by themselves: the owner and the channel are part of
 * the key, so another user's identical history finds nothing.
 */
public final class RedisConversationDigests implements ConversationDigests {

    /** Added and given its expiry in one step, so that no set outlives its time. */
    private static final String REMEMBER = "redis.call('SADD', KEYS[1], ARGV[1]); redis.call('PEXPIRE', KEYS[1], ARGV[2])";

    private final UnifiedJedis redis;
    private final RedisNamespace namespace;

    public RedisConversationDigests(UnifiedJedis redis, RedisNamespace namespace) {
        this.redis = redis;
        this.namespace = namespace;
    }

    String key(UserId owner, String channel, String digest) {
        return namespace.name("history", owner, channel, digest);
    }

    @Override
    public void remember(UserId owner, String channel, String digest, ConversationId conversation, Duration ttl) {
        redis.eval(REMEMBER, List.of(key(owner, channel, digest)),
                List.of(conversation.value().toString(), Long.toString(ttl.toMillis())));
    }

    @Override
    public Set<ConversationId> find(UserId owner, String channel, String digest) {
        return redis.smembers(key(owner, channel, digest)).stream().map(ConversationId::parse)
                .collect(Collectors.toUnmodifiableSet());
    }
}
