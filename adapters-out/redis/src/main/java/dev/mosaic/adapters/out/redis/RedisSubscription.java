package dev.mosaic.adapters.out.redis;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.UnifiedJedis;

/**
 * One Redis pub/sub channel, or every channel matching a pattern, listened to on a thread of its own
 * with a connection of its own, and subscribed to again after Redis was away. Messages published
 * meanwhile are lost: {@code resubscribed} is told, so the listener can make up for them.
 */
final class RedisSubscription extends JedisPubSub implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(RedisSubscription.class.getName());
    private static final Duration RESUBSCRIBE_AFTER = Duration.ofSeconds(1);
    private static final Duration FIRST_SUBSCRIBE = Duration.ofSeconds(10);

    private final UnifiedJedis redis;
    private final String channel;
    private final boolean pattern;
    private final BiConsumer<String, String> onMessage;
    private final Runnable resubscribed;
    private final CountDownLatch subscribed = new CountDownLatch(1);
    private volatile boolean stopped;
    private volatile boolean lost;
    private Thread thread;

    private RedisSubscription(UnifiedJedis redis, String channel, boolean pattern, BiConsumer<String, String> onMessage,
            Runnable resubscribed) {
        this.redis = redis;
        this.channel = channel;
        this.pattern = pattern;
        this.onMessage = onMessage;
        this.resubscribed = resubscribed;
    }

    /** Returns once subscribed (or after a while, when Redis does not answer), so no message published after it is missed. */
    static RedisSubscription start(UnifiedJedis redis, String channel, Consumer<String> onMessage, Runnable resubscribed) {
        return start(new RedisSubscription(redis, channel, false, (from, message) -> onMessage.accept(message),
                resubscribed));
    }

    /** The same for every channel whose name matches the glob pattern; the listener is told which channel. */
    static RedisSubscription startPattern(UnifiedJedis redis, String pattern, BiConsumer<String, String> onMessage,
            Runnable resubscribed) {
        return start(new RedisSubscription(redis, pattern, true, onMessage, resubscribed));
    }

    private static RedisSubscription start(RedisSubscription subscription) {
        String channel = subscription.channel;
        subscription.thread = Thread.ofPlatform().daemon().name("redis-" + channel).start(subscription::run);
        try {
            if (!subscription.subscribed.await(FIRST_SUBSCRIBE.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warning("not yet subscribed to " + channel + "; its messages arrive once Redis answers");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return subscription;
    }

    private void run() {
        while (!stopped) {
            try {
                if (pattern) {
                    redis.psubscribe(this, channel);
                } else {
                    redis.subscribe(this, channel);
                }
            } catch (RuntimeException e) {
                if (stopped) {
                    return;
                }
                lost = true;
                LOG.log(Level.WARNING, channel + ": lost Redis, subscribing again", e);
                try {
                    Thread.sleep(RESUBSCRIBE_AFTER);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    @Override
    public void onSubscribe(String subscribedChannel, int subscribedChannels) {
        subscribedAgain();
    }

    @Override
    public void onPSubscribe(String subscribedPattern, int subscribedChannels) {
        subscribedAgain();
    }

    private void subscribedAgain() {
        subscribed.countDown();
        if (stopped) {
            stop(); // stopped while (re)subscribing
        } else if (lost) {
            lost = false;
            resubscribed.run();
        }
    }

    @Override
    public void onMessage(String fromChannel, String message) {
        handle(fromChannel, message);
    }

    @Override
    public void onPMessage(String matched, String fromChannel, String message) {
        handle(fromChannel, message);
    }

    private void handle(String fromChannel, String message) {
        try {
            onMessage.accept(fromChannel, message);
        } catch (RuntimeException e) {
            // A malformed message, or a listener that failed: neither may end the subscription.
            LOG.log(Level.WARNING, channel + ": message not handled: " + message, e);
        }
    }

    @Override
    public void close() {
        stopped = true;
        if (isSubscribed()) {
            stop();
        }
        thread.interrupt();
    }

    private void stop() {
        if (pattern) {
            punsubscribe();
        } else {
            unsubscribe();
        }
    }
}
