package dev.mosaic.application.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.application.port.out.PendingLogins;
import dev.mosaic.application.port.out.PendingLogins.Pending;
import dev.mosaic.domain.user.UserId;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * What every {@link PendingLogins} must do. Expiry is left to each implementation's own test: the
 * contract cannot move a real store's clock, and waiting for a TTL would make it slow and flaky.
 */
public abstract class PendingLoginsContract {
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Far longer than any test runs, so nothing here lapses. */
    private static final Duration TTL = Duration.ofMinutes(10);

    protected abstract PendingLogins logins();

    private static String state() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static Pending pending(UserId owner, String provider) {
        byte[] verifier = new byte[60];
        RANDOM.nextBytes(verifier);
        return new Pending(owner, state(), provider, verifier);
    }

    @Test
    void aSavedLoginIsTakenBackExactly() {
        UserId alice = UserId.random();
        Pending login = pending(alice, "anthropic");
        logins().save(login, TTL);

        Pending taken = logins().take(alice, login.provider(), login.state()).orElseThrow();
        assertEquals(login, taken);
        assertEquals("anthropic", taken.provider());
        assertArrayEquals(login.encryptedVerifier(), taken.encryptedVerifier());
    }

    @Test
    void aLoginIsTakenOnlyOnce() {
        UserId alice = UserId.random();
        Pending login = pending(alice, "openai");
        logins().save(login, TTL);

        assertTrue(logins().take(alice, login.provider(), login.state()).isPresent());
        assertEquals(Optional.empty(), logins().take(alice, login.provider(), login.state()), "already taken");
    }

    @Test
    void anUnknownStateIsNotFound() {
        UserId alice = UserId.random();
        logins().save(pending(alice, "openai"), TTL);

        assertEquals(Optional.empty(), logins().take(alice, "openai", state()));
    }

    @Test
    void someoneElsesLoginIsNeitherFoundNorSpoiled() {
        UserId alice = UserId.random();
        UserId bob = UserId.random();
        Pending hers = pending(alice, "anthropic");
        logins().save(hers, TTL);

        assertEquals(Optional.empty(), logins().take(bob, hers.provider(), hers.state()));
        assertEquals(Optional.of(hers), logins().take(alice, hers.provider(), hers.state()),
                "bob's attempt did not use it up");
    }

    @Test
    void aLoginAskedForUnderAnotherProviderIsNeitherFoundNorSpoiled() {
        UserId alice = UserId.random();
        Pending login = pending(alice, "anthropic");
        logins().save(login, TTL);

        assertEquals(Optional.empty(), logins().take(alice, "openai", login.state()));
        assertEquals(Optional.of(login), logins().take(alice, "anthropic", login.state()));
    }

    @Test
    void severalLoginsOfOneUserAreKeptApart() {
        UserId alice = UserId.random();
        Pending first = pending(alice, "anthropic");
        Pending second = pending(alice, "openai");
        logins().save(first, TTL);
        logins().save(second, TTL);

        assertEquals(Optional.of(second), logins().take(alice, second.provider(), second.state()));
        assertEquals(Optional.of(first), logins().take(alice, first.provider(), first.state()));
    }

    @Test
    void loginsWithTheSameStateOfTwoUsersAreKeptApart() {
        UserId alice = UserId.random();
        UserId bob = UserId.random();
        String state = state();
        byte[] hersVerifier = {1, 2, 3};
        byte[] hisVerifier = {4, 5, 6};
        logins().save(new Pending(alice, state, "openai", hersVerifier), TTL);
        logins().save(new Pending(bob, state, "openai", hisVerifier), TTL);

        assertArrayEquals(hisVerifier, logins().take(bob, "openai", state).orElseThrow().encryptedVerifier());
        assertArrayEquals(hersVerifier, logins().take(alice, "openai", state).orElseThrow().encryptedVerifier());
    }

    @Test
    void ofManyTakingTheSameLoginAtOnceExactlyOneGetsIt() throws Exception {
        UserId alice = UserId.random();
        Pending login = pending(alice, "anthropic");
        logins().save(login, TTL);
        int threads = 8;
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch go = new CountDownLatch(1);
        AtomicInteger got = new AtomicInteger();
        List<Thread> started = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Thread thread = Thread.ofPlatform().start(() -> {
                ready.countDown();
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                logins().take(alice, login.provider(), login.state()).ifPresent(taken -> got.incrementAndGet());
            });
            started.add(thread);
        }
        assertTrue(ready.await(10, TimeUnit.SECONDS));
        go.countDown();
        for (Thread thread : started) {
            thread.join();
        }

        assertEquals(1, got.get());
    }
}
