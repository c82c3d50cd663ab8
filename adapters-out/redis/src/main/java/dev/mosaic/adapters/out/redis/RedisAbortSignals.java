package dev.mosaic.adapters.out.redis;

import dev.mosaic.application.port.out.AbortSignals;
import dev.mosaic.domain.conversation.ConversationId;
import dev.mosaic.domain.user.UserId;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.UnifiedJedis;

/**
 * Abort signals over Redis pub/sub: one channel per deployment ({@code <prefix>:reply-abort}), a
 * message {@code <owner> <conversation>}. Each subscription holds one connection on a thread of its
 * own, and subscribes again after Redis was away (signals sent meanwhile are lost, as the port allows).
 */
public final class RedisAbortSignals implements AbortSignals {

    static final String CHANNEL = "reply-abort";
    private static final Logger LOG = Logger.getLogger(RedisAbortSignals.class.getName());
    private static final Duration RESUBSCRIBE_AFTER = Duration.ofSeconds(1);
    private static final Duration FIRST_SUBSCRIBE = Duration.ofSeconds(10);

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

    /** Returns once subscribed (or after a while, when Redis does not answer), so no signal sent after it is missed. */
    @Override
    public Subscription subscribe(BiConsumer<UserId, ConversationId> listener) {
        Listening listening = new Listening(listener);
        Thread thread = Thread.ofPlatform().daemon().name("abort-signals").start(listening::run);
        try {
            if (!listening.subscribed.await(FIRST_SUBSCRIBE.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warning("not yet subscribed to abort signals; aborts from other instances arrive once Redis answers");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return () -> listening.stop(thread);
    }

    private final class Listening extends JedisPubSub {
        private final BiConsumer<UserId, ConversationId> listener;
        private final CountDownLatch subscribed = new CountDownLatch(1);
        private volatile boolean stopped;

        Listening(BiConsumer<UserId, ConversationId> listener) {
            this.listener = listener;
        }

        void run() {
            while (!stopped) {
                try {
                    redis.subscribe(this, channel);
                } catch (RuntimeException e) {
                    if (stopped) {
                        return;
                    }
                    LOG.log(Level.WARNING, "abort signals: lost Redis, subscribing again", e);
                    try {
                        Thread.sleep(RESUBSCRIBE_AFTER);
                    } catch (InterruptedException interrupted) {
                        return;
                    }
                }
            }
        }

        @Override
        public void onSubscribe(String channel, int subscribedChannels) {
            subscribed.countDown();
            if (stopped) {
                unsubscribe(); // stopped while (re)subscribing
            }
        }

        @Override
        public void onMessage(String channel, String message) {
            String[] parts = message.split(" ");
            try {
                listener.accept(new UserId(UUID.fromString(parts[0])), new ConversationId(UUID.fromString(parts[1])));
            } catch (RuntimeException e) {
                // A malformed message, or a listener that failed: neither may end the subscription.
                LOG.log(Level.WARNING, "abort signal not handled: " + message, e);
            }
        }

        void stop(Thread thread) {
            stopped = true;
            if (isSubscribed()) {
                unsubscribe();
            }
            thread.interrupt();
        }
    }
}
