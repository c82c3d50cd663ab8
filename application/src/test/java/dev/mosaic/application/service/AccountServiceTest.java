package dev.mosaic.application.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.application.ErrorCode;
import dev.mosaic.application.fakes.InMemoryAccounts;
import dev.mosaic.application.port.in.AuthenticateUseCase.Outcome;
import dev.mosaic.application.port.in.ManageAccountsUseCase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
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
}
