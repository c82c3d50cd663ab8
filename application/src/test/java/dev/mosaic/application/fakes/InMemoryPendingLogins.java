package dev.mosaic.application.fakes;

import dev.mosaic.application.port.out.PendingLogins;
import dev.mosaic.domain.user.UserId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A fake {@link PendingLogins}; its clock decides when a login has lapsed, as Redis's TTL would. */
public final class InMemoryPendingLogins implements PendingLogins {
    /** Keyed by owner and provider too: an attempt by someone else, or for another provider, neither finds nor removes a login. */
    private record Key(UserId owner, String provider, String state) {}

    private record Entry(Pending login, Instant expiresAt) {}

    private final Map<Key, Entry> logins = new ConcurrentHashMap<>();
    private final Clock clock;

    public InMemoryPendingLogins(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void save(Pending login, Duration ttl) {
        logins.put(new Key(login.owner(), login.provider(), login.state()), new Entry(login, clock.instant().plus(ttl)));
    }

    @Override
    public Optional<Pending> take(UserId owner, String provider, String state) {
        // remove() is atomic, so a login is taken at most once however many ask at the same time.
        return Optional.ofNullable(logins.remove(new Key(owner, provider, state)))
                .filter(entry -> clock.instant().isBefore(entry.expiresAt()))
                .map(Entry::login);
    }
}
