package dev.mosaic.adapters.out.redis;

import dev.mosaic.application.port.out.PendingLogins;
import dev.mosaic.domain.user.UserId;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.SetParams;

/**
 * Pending OAuth logins as Redis keys that expire by themselves. Owner and provider are part of the
 * key, so a state guessed or seen by another user finds nothing, and one sent for the wrong provider
 * leaves the login alone; GETDEL takes a login at most once, even when two completions race.
 */
public final class RedisPendingLogins implements PendingLogins {

    private final UnifiedJedis redis;
    private final RedisNamespace namespace;

    public RedisPendingLogins(UnifiedJedis redis, RedisNamespace namespace) {
        this.redis = redis;
        this.namespace = namespace;
    }

    byte[] key(UserId owner, String provider, String state) {
        return namespace.name("oauth-login", owner, provider, state).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void save(Pending login, Duration ttl) {
        redis.set(key(login.owner(), login.provider(), login.state()), login.encryptedVerifier(),
                SetParams.setParams().px(ttl.toMillis()));
    }

    @Override
    public Optional<Pending> take(UserId owner, String provider, String state) {
        return Optional.ofNullable(redis.getDel(key(owner, provider, state)))
                .map(verifier -> new Pending(owner, state, provider, verifier));
    }
}
