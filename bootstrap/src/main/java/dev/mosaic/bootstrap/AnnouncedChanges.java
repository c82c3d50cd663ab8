package dev.mosaic.bootstrap;

import dev.mosaic.adapters.out.redis.RedisConfig;
import dev.mosaic.adapters.out.redis.RedisNamespace;
import dev.mosaic.adapters.out.redis.RedisOwnerChanges;
import dev.mosaic.application.port.out.OwnerChanges;
import dev.mosaic.domain.user.Owner;
import java.util.function.Consumer;
import redis.clients.jedis.RedisClient;

/**
 * The command line's {@link OwnerChanges}: it announces to the running gateways (a revoked token must
 * stop working on each of them at once), and listens to nothing. Redis is reached only when there is
 * something to announce, so the other commands work without it.
 */
final class AnnouncedChanges implements OwnerChanges, AutoCloseable {

    private final GatewaySettings.Redis settings;
    private RedisClient redis;
    private RedisOwnerChanges changes;

    AnnouncedChanges(GatewaySettings.Redis settings) {
        this.settings = settings;
    }

    /** A change stored but not announced. */
    static final class NotAnnounced extends IllegalStateException {
        NotAnnounced(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** @throws NotAnnounced when Redis cannot be reached */
    @Override
    public synchronized void publish(Owner owner) {
        try {
            if (changes == null) {
                redis = RedisConfig.client(settings.url(), 2);
                changes = new RedisOwnerChanges(redis, new RedisNamespace(settings.prefix()));
            }
            changes.publish(owner);
        } catch (RuntimeException e) {
            throw new NotAnnounced("the running gateways could not be told through Redis at "
                    + new RedisConfig(settings.url(), settings.leaseTtl()).safeUrl() + " (" + e.getMessage()
                    + "); restart them, or they may go on accepting what they cached", e);
        }
    }

    @Override
    public AutoCloseable subscribe(Consumer<Owner> changed, Runnable missedSome) {
        throw new UnsupportedOperationException("the command line caches nothing across commands");
    }

    @Override
    public synchronized void close() {
        if (redis != null) {
            redis.close();
        }
    }
}
