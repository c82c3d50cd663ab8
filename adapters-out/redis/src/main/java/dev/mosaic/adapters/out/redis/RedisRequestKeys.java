package dev.mosaic.adapters.out.redis;

import dev.mosaic.application.port.out.RequestKeys;
import dev.mosaic.domain.conversation.ConversationId;
import dev.mosaic.domain.conversation.MessageId;
import dev.mosaic.domain.user.UserId;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.SetParams;

/**
 * Idempotency keys as Redis keys that expire by themselves: the request's digest and {@code running}
 * while the first request is answered, then its digest, conversation and answer. The owner is part of the key, so another user's
 * key of the same name is another key; SET NX lets one of two racing requests claim it.
 */
public final class RedisRequestKeys implements RequestKeys {

    private static final String RUNNING = "running";

    private final UnifiedJedis redis;
    private final RedisNamespace namespace;

    public RedisRequestKeys(UnifiedJedis redis, RedisNamespace namespace) {
        this.redis = redis;
        this.namespace = namespace;
    }

    String key(UserId owner, String channel, String key) {
        return namespace.name("request-key", owner, channel, key);
    }

    @Override
    public Optional<Earlier> claim(UserId owner, String channel, String key, String request, Duration ttl) {
        String name = key(owner, channel, key);
        if ("OK".equals(redis.set(name, request + " " + RUNNING, SetParams.setParams().nx().px(ttl.toMillis())))) {
            return Optional.empty();
        }
        String value = redis.get(name);
        // Expired between the two calls: as if still running, so the client tries again.
        if (value == null) {
            return Optional.of(new Earlier.Running(request));
        }
        String[] parts = value.split(" ");
        return Optional.of(parts[1].equals(RUNNING) ? new Earlier.Running(parts[0])
                : new Earlier.Answered(parts[0], ConversationId.parse(parts[1]), new MessageId(UUID.fromString(parts[2]))));
    }

    @Override
    public void answered(UserId owner, String channel, String key, Earlier.Answered answered, Duration ttl) {
        redis.set(key(owner, channel, key), answered.request() + " " + answered.conversation().value() + " "
                + answered.answer().value(), SetParams.setParams().px(ttl.toMillis()));
    }

    @Override
    public void release(UserId owner, String channel, String key) {
        redis.del(key(owner, channel, key));
    }
}
