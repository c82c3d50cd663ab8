package dev.mosaic.adapters.out.redis;

import dev.mosaic.application.port.out.AbortSignals;
import dev.mosaic.domain.conversation.ConversationId;
import dev.mosaic.domain.user.UserId;
import java.util.UUID;
import java.util.function.BiConsumer;
import redis.clients.jedis.UnifiedJedis;

/**
 * Abort signals over Redis pub/sub: one channel per deployment ({@code <prefix>:reply-abort}), a
 * message {@code <owner> <conversation>}. Each subscription holds one connection on a thread of its
 * own, and subscribes again after Redis was away (signals sent meanwhile are lost, as the port allows).
 */
public final class RedisAbortSignals implements AbortSignals {

    static final String CHANNEL = "reply-abort";

    private final UnifiedJedis redis;
    private final String channel;

    public RedisAbortSignals(UnifiedJedis redis, RedisNamespace namespace) {
        this.redis = redis;
        this.channel = namespace.name(CHANNEL);
    }

    @Override
    public void publish(UserId owner, ConversationId conversation) {
        redis.publish(channel, owner + " " + conversation);
    }

    /**
     * Returns once subscribed (or after a while, when Redis does not answer), so no signal sent after
     * it is missed. Signals sent while the connection was lost are lost, as the port allows.
     */
    @Override
    public Subscription subscribe(BiConsumer<UserId, ConversationId> listener) {
        RedisSubscription subscription = RedisSubscription.start(redis, channel, message -> {
            String[] parts = message.split(" ");
            listener.accept(new UserId(UUID.fromString(parts[0])), new ConversationId(UUID.fromString(parts[1])));
        }, () -> { });
        return subscription::close;
    }
}
