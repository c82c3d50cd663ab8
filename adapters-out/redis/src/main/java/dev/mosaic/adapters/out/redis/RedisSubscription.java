package dev.mosaic.adapters.out.redis;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.UnifiedJedis;

/**
 * One Redis pub/sub channel, listened to on a thread of its own with a connection of its own, and
 * subscribed to again after Redis was away. Messages published meanwhile are lost: {@code resubscribed}
 * is told, so the listener can make up for them.
 */
final class RedisSubscription extends JedisPubSub implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(RedisSubscription.class.getName());
    private static final Duration RESUBSCRIBE_AFTER = Duration.ofSeconds(1);
    private static final Duration FIRST_SUBSCRIBE = Duration.ofSeconds(10);

    private final UnifiedJedis redis;
    private final String channel;
    private final Consumer<String> onMessage;
    private final Runnable resubscribed;
    private final CountDownLatch subscribed = new CountDownLatch(1);
    private volatile boolean stopped;
    private volatile boolean lost;
    private Thread thread;

    private RedisSubscription(UnifiedJedis redis, String channel, Consumer<String> onMessage, Runnable resubscribed) {
        this.redis = redis;
        this.channel = channel;
        this.onMessage = onMessage;
        this.resubscribed = resubscribed;
    }

    /** Returns once subscribed (or after a while, when Redis does not answer), so no message published after it is missed. */
    static RedisSubscription start(UnifiedJedis redis, String channel, Consumer<String> onMessage, Runnable resubscribed) {
        RedisSubscription subscription = new RedisSubscription(redis, channel, onMessage, resubscribed);
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
                redis.subscribe(this, channel);
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
        subscribed.countDown();
        if (stopped) {
            unsubscribe(); // stopped while (re)subscribing
        } else if (lost) {
            lost = false;
            resubscribed.run();
        }
    }

    @Override
    public void onMessage(String fromChannel, String message) {
        try {
            onMessage.accept(message);
        } catch (RuntimeException e) {
            // A malformed message, or a listener that failed: neither may end the subscription.
            LOG.log(Level.WARNING, channel + ": message not handled: " + message, e);
        }
    }

    @Override
    public void close() {
        stopped = true;
        if (isSubscribed()) {
            unsubscribe();
        }
        thread.interrupt();
    }
}
