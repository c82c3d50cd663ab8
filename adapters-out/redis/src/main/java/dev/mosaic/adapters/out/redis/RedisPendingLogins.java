package dev.mosaic.adapters.out.redis;

import dev.mosaic.application.port.out.PendingLogins;
import dev.mosaic.domain.user.UserId;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.SetParams;

/**
 * Pending OAuth logins as Redis keys that expire by themselves. The owner is part of the key, so a
 * state guessed or seen by another user finds nothing; GETDEL takes a login at most once, even when
 * two completions race.
 */
public final class RedisPendingLogins implements PendingLogins {

    private final UnifiedJedis redis;

    public RedisPendingLogins(UnifiedJedis redis) {
        this.redis = redis;
    }

    static byte[] key(UserId owner, String state) {
        return ("mosaic:oauth-login:" + owner + ":" + state).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void save(Pending login, Duration ttl) {
        // The value is the provider, a newline, then the encrypted verifier's bytes.
        byte[] provider = (login.provider() + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] verifier = login.encryptedVerifier();
        byte[] value = new byte[provider.length + verifier.length];
        System.arraycopy(provider, 0, value, 0, provider.length);
        System.arraycopy(verifier, 0, value, provider.length, verifier.length);
        redis.set(key(login.owner(), login.state()), value, SetParams.setParams().px(ttl.toMillis()));
    }

    @Override
    public Optional<Pending> take(UserId owner, String state) {
        byte[] value = redis.getDel(key(owner, state));
        if (value == null) {
            return Optional.empty();
        }
        int newline = 0;
        while (newline < value.length && value[newline] != '\n') {
            newline++;
        }
        if (newline == value.length) {
            return Optional.empty();
        }
        byte[] verifier = new byte[value.length - newline - 1];
        System.arraycopy(value, newline + 1, verifier, 0, verifier.length);
        return Optional.of(new Pending(owner, state, new String(value, 0, newline, StandardCharsets.UTF_8), verifier));
    }
}
