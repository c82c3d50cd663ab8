package dev.mosaic.application.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.application.ErrorCode;
import dev.mosaic.application.fakes.InMemoryAccounts;
import dev.mosaic.application.port.in.AuthenticateUseCase.Outcome;
import dev.mosaic.application.port.in.ManageAccountsUseCase;
import dev.mosaic.domain.user.ApiToken;
import dev.mosaic.domain.user.UserRole;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
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
    private final AccountService accounts = new AccountService(store, store, clock);

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
        return assertInstanceOf(Outcome.Rejected.class, accounts.authenticate(token)).rejection().code();
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
