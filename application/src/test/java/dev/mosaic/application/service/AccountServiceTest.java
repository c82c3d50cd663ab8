package dev.mosaic.application.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.application.ErrorCode;
import dev.mosaic.application.fakes.InMemoryAccounts;
import dev.mosaic.application.fakes.LocalOwnerChanges;
import dev.mosaic.application.port.in.AuthenticateUseCase.Outcome;
import dev.mosaic.application.port.in.ManageAccountsUseCase;
import dev.mosaic.application.port.out.ApiTokens;
import dev.mosaic.domain.user.ApiToken;
import dev.mosaic.domain.user.Owner;
import dev.mosaic.domain.user.TokenId;
import dev.mosaic.domain.user.UserId;
import dev.mosaic.domain.user.UserRole;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AccountServiceTest {
    private final InMemoryAccounts store = new InMemoryAccounts();
    private Instant now = Instant.parse("2026-11-01T10:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };
    /** Shared by the two instances below, as Redis is by gateway instances. */
    private final LocalOwnerChanges changes = new LocalOwnerChanges();
    private final CountingTokens tokens = new CountingTokens(store);
    private final AccountService accounts = instance();
    /** A second gateway instance on the same storage. */
    private final AccountService other = instance();

    private AccountService instance() {
        AccountService instance = new AccountService(store, tokens, changes, clock);
        changes.subscribe(instance::changed, instance::changesMissed);
        return instance;
    }

    /** Counts what reaches storage, which a cached token spares. */
    private static final class CountingTokens implements ApiTokens {
        private final ApiTokens stored;
        final AtomicInteger reads = new AtomicInteger();
        final AtomicInteger usesRecorded = new AtomicInteger();

        CountingTokens(ApiTokens stored) {
            this.stored = stored;
        }

        @Override
        public void store(UserId actor, ApiToken token) {
            stored.store(actor, token);
        }

        @Override
        public Optional<ApiToken> findBySecretHash(byte[] secretHash) {
            reads.incrementAndGet();
            return stored.findBySecretHash(secretHash);
        }

        @Override
        public List<ApiToken> list(UserId actor) {
            reads.incrementAndGet();
            return stored.list(actor);
        }

        @Override
        public boolean revoke(UserId actor, TokenId id, Instant at) {
            return stored.revoke(actor, id, at);
        }

        @Override
        public void recordUse(UserId actor, TokenId id, Instant at) {
            usesRecorded.incrementAndGet();
            stored.recordUse(actor, id, at);
        }
    }

    @Test
    void aNewUsersTokenAuthenticatesAsThatUser() {
        ManageAccountsUseCase.NewUser alice = accounts.createUser("alice", null);
        assertTrue(alice.token().secret().startsWith("mosaic_"));
        Outcome.Authenticated ok = assertInstanceOf(Outcome.Authenticated.class, accounts.authenticate(alice.token().secret()));
        assertEquals(alice.user().id(), ok.user());
    }

    @Test
    void onlyAHashOfTheSecretIsStored() {
        ManageAccountsUseCase.IssuedToken token = accounts.createUser("alice", null).token();
        byte[] stored = store.findBySecretHash(AccountService.hash(token.secret())).orElseThrow().secretHash();
        assertFalse(Arrays.equals(stored, token.secret().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertFalse(token.toString().contains(token.secret()), "an issued token never prints its secret");
    }

    @Test
    void missingUnknownExpiredAndRevokedTokensAreRejectedEachWithItsOwnCode() {
        ManageAccountsUseCase.NewUser alice = accounts.createUser("alice", Duration.ofHours(1));
        assertEquals(ErrorCode.UNAUTHORIZED, rejection(null));
        assertEquals(ErrorCode.UNAUTHORIZED, rejection("  "));
        assertEquals(ErrorCode.UNAUTHORIZED, rejection("mosaic_not-a-real-token"));

        now = now.plus(Duration.ofHours(1));
        assertEquals(ErrorCode.TOKEN_EXPIRED, rejection(alice.token().secret()));

        ManageAccountsUseCase.IssuedToken second = accounts.issueToken("alice", "laptop", null);
        assertInstanceOf(Outcome.Authenticated.class, accounts.authenticate(second.secret()));
        assertTrue(accounts.revokeToken(alice.user().id(), second.token().id()));
        assertEquals(ErrorCode.TOKEN_REVOKED, rejection(second.secret()));
    }

    @Test
    void usernamesAreValidatedAndUnique() {
        accounts.createUser("alice", null);
        assertThrows(IllegalArgumentException.class, () -> accounts.createUser("alice", null));
        assertThrows(IllegalArgumentException.class, () -> accounts.createUser("Not Valid!", null));
        assertThrows(IllegalArgumentException.class, () -> accounts.issueToken("nobody", "x", null));
    }

    private ErrorCode rejection(String token) {
        return rejection(accounts, token);
    }

    private static ErrorCode rejection(AccountService instance, String token) {
        return assertInstanceOf(Outcome.Rejected.class, instance.authenticate(token)).rejection().code();
    }

    private static void accepted(AccountService instance, ManageAccountsUseCase.NewUser user) {
        assertEquals(user.user().id(), assertInstanceOf(Outcome.Authenticated.class,
                instance.authenticate(user.token().secret())).user());
    }

    @Test
    void aTokenIsReadFromStorageOnceThenFromTheCache() {
        ManageAccountsUseCase.NewUser alice = accounts.createUser("alice", null);
        accepted(accounts, alice);
        int afterFirst = tokens.reads.get();
        assertTrue(afterFirst > 0);
        for (int i = 0; i < 10; i++) {
            now = now.plusSeconds(1);
            accepted(accounts, alice);
        }
        assertEquals(afterFirst, tokens.reads.get(), "every frame after the first is authenticated without storage");
    }

    @Test
    void aTokenRevokedOnThisInstanceIsRefusedAtItsNextUse() {
        ManageAccountsUseCase.NewUser alice = accounts.createUser("alice", null);
        accepted(accounts, alice);
        assertTrue(accounts.revokeToken(alice.user().id(), alice.token().token().id()));
        assertEquals(ErrorCode.TOKEN_REVOKED, rejection(alice.token().secret()));
        assertEquals(List.of(Owner.of(alice.user().id())), changes.published(), "the other instances are told");
    }

    @Test
    void aTokenRevokedOnAnotherInstanceIsRefusedOnceThatIsAnnounced() {
        ManageAccountsUseCase.NewUser alice = accounts.createUser("alice", null);
        ManageAccountsUseCase.NewUser bob = accounts.createUser("bob", null);
        accepted(other, alice);
        accepted(other, bob);
        int cached = tokens.reads.get();

        assertTrue(accounts.revokeToken(alice.user().id(), alice.token().token().id()));
        assertEquals(ErrorCode.TOKEN_REVOKED, rejection(other, alice.token().secret()));
        accepted(other, bob);
        assertEquals(cached + 1, tokens.reads.get(), "only alice's tokens were read again");
    }

    @Test
    void aRevocationThatWentUnannouncedIsHeededOnceLostAnnouncementsDropEverything() {
        ManageAccountsUseCase.NewUser alice = accounts.createUser("alice", null);
        ManageAccountsUseCase.NewUser bob = accounts.createUser("bob", null);
        accepted(other, alice);
        accepted(other, bob);
        // Straight into storage, as if the announcements were lost on the way.
        store.revoke(alice.user().id(), alice.token().token().id(), now);
        store.revoke(bob.user().id(), bob.token().token().id(), now);
        accepted(other, alice);

        other.changesMissed();
        assertEquals(ErrorCode.TOKEN_REVOKED, rejection(other, alice.token().secret()));
        assertEquals(ErrorCode.TOKEN_REVOKED, rejection(other, bob.token().secret()));
    }

    @Test
    void aCachedTokenIsRefusedAtTheInstantItExpires() {
        ManageAccountsUseCase.NewUser alice = accounts.createUser("alice", Duration.ofHours(1));
        Instant expiry = alice.token().token().expiresAt();
        accepted(accounts, alice);
        int cached = tokens.reads.get();

        now = expiry.minusNanos(1);
        accepted(accounts, alice);
        now = expiry;
        assertEquals(ErrorCode.TOKEN_EXPIRED, rejection(alice.token().secret()));
        assertEquals(cached, tokens.reads.get(), "expiry is read from the cached token, against the clock");
    }

    @Test
    void aTokenIssuedAfterItsOwnersWereCachedAndUnknownTokensAreLookedUpEachTime() {
        ManageAccountsUseCase.NewUser alice = accounts.createUser("alice", null);
        accepted(other, alice);
        ManageAccountsUseCase.IssuedToken laptop = accounts.issueToken("alice", "laptop", null);
        assertInstanceOf(Outcome.Authenticated.class, other.authenticate(laptop.secret()));

        String secret = "mosaic_issued-later";
        assertEquals(ErrorCode.UNAUTHORIZED, rejection(other, secret));
        store.store(alice.user().id(), new ApiToken(TokenId.random(), alice.user().id(), "later",
                AccountService.hash(secret), now, null, null, null));
        assertInstanceOf(Outcome.Authenticated.class, other.authenticate(secret), "a miss is not remembered");
    }

    @Test
    void aCachedTokensUseIsWrittenAtMostOnceAMinute() {
        ManageAccountsUseCase.NewUser alice = accounts.createUser("alice", null);
        for (int second = 0; second < 60; second++) {
            accepted(accounts, alice);
            now = now.plusSeconds(1);
        }
        assertEquals(1, tokens.usesRecorded.get());
        now = now.plusSeconds(1);
        accepted(accounts, alice);
        assertEquals(2, tokens.usesRecorded.get(), "a minute later it is written again");
        assertEquals(now, lastUsed(alice));
    }

    @Test
    void authenticatingRecordsTheLastUseAtMostOnceAMinute() {
        ManageAccountsUseCase.NewUser alice = accounts.createUser("alice", null);
        assertNull(lastUsed(alice), "not used yet");
        Instant first = now;
        accounts.authenticate(alice.token().secret());
        assertEquals(first, lastUsed(alice));

        now = now.plusSeconds(59);
        accounts.authenticate(alice.token().secret());
        assertEquals(first, lastUsed(alice), "within the minute nothing is written");

        now = now.plusSeconds(2);
        accounts.authenticate(alice.token().secret());
        assertEquals(now, lastUsed(alice));
    }

    @Test
    void aRejectedTokenIsNotCountedAsUsed() {
        ManageAccountsUseCase.NewUser alice = accounts.createUser("alice", null);
        accounts.revokeToken(alice.user().id(), alice.token().token().id());
        accounts.authenticate(alice.token().secret());
        assertNull(lastUsed(alice));
    }

    @Test
    void listsUsersWithTheirActiveTokensAndAUsersTokens() {
        ManageAccountsUseCase.NewUser bob = accounts.createUser("bob", null);
        ManageAccountsUseCase.NewUser alice = accounts.createUser("alice", Duration.ofHours(1));
        now = now.plusSeconds(1);
        ManageAccountsUseCase.IssuedToken laptop = accounts.issueToken("alice", "laptop", null);
        now = now.plus(Duration.ofHours(1));

        assertEquals(List.of(new ManageAccountsUseCase.UserOverview(alice.user(), UserRole.USER, 1),
                new ManageAccountsUseCase.UserOverview(bob.user(), UserRole.USER, 1)), accounts.listUsers(),
                "alice's first token expired");
        assertEquals(List.of(alice.token().token(), laptop.token()), accounts.listTokens("alice"));
        assertThrows(IllegalArgumentException.class, () -> accounts.listTokens("nobody"));
    }

    private Instant lastUsed(ManageAccountsUseCase.NewUser user) {
        List<ApiToken> tokens = accounts.listTokens(user.user().username());
        return tokens.stream().filter(t -> t.id().equals(user.token().token().id())).findFirst().orElseThrow().lastUsedAt();
    }
}
