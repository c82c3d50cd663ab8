package dev.mosaic.application.fakes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mosaic.application.contract.PendingLoginsContract;
import dev.mosaic.application.port.out.PendingLogins;
import dev.mosaic.application.port.out.PendingLogins.Pending;
import dev.mosaic.domain.user.UserId;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The fake passes the contract a Redis adapter will pass, and lets its logins lapse on its clock. */
class InMemoryPendingLoginsTest extends PendingLoginsContract {
    private final SettableClock clock = new SettableClock(Instant.parse("2026-11-01T10:00:00Z"));
    private final InMemoryPendingLogins store = new InMemoryPendingLogins(clock);
    private final UserId alice = UserId.random();

    @Override
    protected PendingLogins logins() {
        return store;
    }

    @Test
    void aLoginIsThereUntilItsTtlAndGoneFromThen() {
        Pending early = new Pending(alice, "early", "openai", new byte[] {1});
        Pending lapsing = new Pending(alice, "lapsing", "openai", new byte[] {2});
        store.save(early, Duration.ofMinutes(10));
        store.save(lapsing, Duration.ofMinutes(10));

        clock.advance(Duration.ofMinutes(10).minusMillis(1));
        assertEquals(Optional.of(early), store.take(alice, "openai", "early"), "a millisecond before its TTL");
        clock.advance(Duration.ofMillis(1));
        assertEquals(Optional.empty(), store.take(alice, "openai", "lapsing"), "at its TTL");
    }

    @Test
    void eachLoginLapsesOnItsOwnTtl() {
        store.save(new Pending(alice, "short", "openai", new byte[] {1}), Duration.ofMinutes(1));
        Pending longer = new Pending(alice, "long", "openai", new byte[] {2});
        store.save(longer, Duration.ofMinutes(5));
        clock.advance(Duration.ofMinutes(3));

        assertEquals(Optional.empty(), store.take(alice, "openai", "short"));
        assertEquals(Optional.of(longer), store.take(alice, "openai", "long"));
    }
}
