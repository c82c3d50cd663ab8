package dev.mosaic.adapters.out.redis;

import dev.mosaic.application.port.out.OwnerChanges;
import dev.mosaic.domain.user.Owner;
import dev.mosaic.domain.user.UserId;
import java.util.UUID;
import java.util.function.Consumer;
import redis.clients.jedis.UnifiedJedis;

/**
 * Routing-rule changes over Redis pub/sub, so every gateway instance drops its cached rules within
 * moments of an edit made through any of them. A message names whose rules changed: {@code system},
 * or a user's id.
 */
public final class RedisOwnerChanges implements OwnerChanges {
    static final String CHANNEL = "owner-changes";
    private static final String SYSTEM = "system";

    private final UnifiedJedis redis;
    private final String channel;

    public RedisOwnerChanges(UnifiedJedis redis, RedisNamespace namespace) {
        this.redis = redis;
        this.channel = namespace.name(CHANNEL);
    }

    @Override
    public void publish(Owner owner) {
        redis.publish(channel, owner.userId().map(UserId::toString).orElse(SYSTEM));
    }

    @Override
    public AutoCloseable subscribe(Consumer<Owner> changed, Runnable missedSome) {
        return RedisSubscription.start(redis, channel, message -> changed.accept(
                message.equals(SYSTEM) ? Owner.SYSTEM : Owner.of(new UserId(UUID.fromString(message)))), missedSome);
    }
}
