package dev.mosaic.adapters.out.redis;

import dev.mosaic.application.port.out.ReplyLeases;
import dev.mosaic.domain.conversation.ConversationId;
import dev.mosaic.domain.user.UserId;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.SetParams;

/**
 * Reply leases as Redis keys set with NX and an expiry. The holder renews its key every third of
 * the TTL; renewal and release check the holder's random value first (in a Lua script, so the
 * check and the write are one step), so a holder whose lease lapsed never touches its successor's.
 */
public final class RedisReplyLeases implements ReplyLeases, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(RedisReplyLeases.class.getName());
    private static final String RENEW = """
            if redis.call('get', KEYS[1]) == ARGV[1] then
              return redis.call('pexpire', KEYS[1], ARGV[2])
            end
            return 0""";
    private static final String RELEASE = """
            if redis.call('get', KEYS[1]) == ARGV[1] then
              return redis.call('del', KEYS[1])
            end
            return 0""";

    private final UnifiedJedis redis;
    private final RedisNamespace namespace;
    private final long ttlMillis;
    private final ScheduledExecutorService renewer;

    public RedisReplyLeases(UnifiedJedis redis, RedisConfig config, RedisNamespace namespace) {
        this.redis = redis;
        this.namespace = namespace;
        this.ttlMillis = config.leaseTtl().toMillis();
        this.renewer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("reply-lease-renewer").factory());
    }

    String key(UserId owner, ConversationId conversation) {
        return namespace.name("reply-lease", owner, conversation);
    }

    @Override
    public Optional<Lease> acquire(UserId owner, ConversationId conversation) {
        String key = key(owner, conversation);
        String holder = UUID.randomUUID().toString();
        if (!"OK".equals(redis.set(key, holder, SetParams.setParams().nx().px(ttlMillis)))) {
            return Optional.empty();
        }
        long period = Math.max(ttlMillis / 3, 1);
        ScheduledFuture<?> renewal = renewer.scheduleAtFixedRate(() -> renew(key, holder), period, period,
                TimeUnit.MILLISECONDS);
        return Optional.of(new HeldLease(key, holder, renewal));
    }

    private void renew(String key, String holder) {
        try {
            Object renewed = redis.eval(RENEW, List.of(key), List.of(holder, Long.toString(ttlMillis)));
            if (!Long.valueOf(1).equals(renewed)) {
                LOG.warning("a reply lease lapsed before its reply ended: " + key);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not renew reply lease " + key + "; will try again", e);
        }
    }

    @Override
    public boolean isHeld(UserId owner, ConversationId conversation) {
        return redis.exists(key(owner, conversation));
    }

    /** For readiness checks. */
    public boolean isReachable() {
        try {
            return "PONG".equals(redis.ping());
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        renewer.shutdownNow();
    }

    private final class HeldLease implements Lease {
        private final String key;
        private final String holder;
        private final ScheduledFuture<?> renewal;

        HeldLease(String key, String holder, ScheduledFuture<?> renewal) {
            this.key = key;
            this.holder = holder;
            this.renewal = renewal;
        }

        @Override
        public void close() {
            renewal.cancel(false);
            try {
                redis.eval(RELEASE, List.of(key), List.of(holder));
            } catch (RuntimeException e) {
                // The key expires by itself after the TTL; the conversation is only blocked until then.
                LOG.log(Level.WARNING, "could not release reply lease " + key + "; it expires by itself", e);
            }
        }
    }
}
