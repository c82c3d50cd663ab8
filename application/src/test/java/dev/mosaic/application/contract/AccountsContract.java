package dev.mosaic.application.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.application.port.out.ApiTokens;
import dev.mosaic.application.port.out.Users;
import dev.mosaic.domain.user.ApiToken;
import dev.mosaic.domain.user.TokenId;
import dev.mosaic.domain.user.User;
import dev.mosaic.domain.user.UserId;
import dev.mosaic.domain.user.UserRole;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What every {@link Users} and {@link ApiTokens} pair must do. */
public abstract class AccountsContract {

    protected abstract Users users();

    protected abstract ApiTokens tokens();

    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    private User newUser() {
        return newUser("user-" + UUID.randomUUID().toString().substring(0, 12));
    }

    private User newUser(String username) {
        User user = new User(UserId.random(), username, now);
        users().create(user);
        return user;
    }

    private ApiToken newToken(User owner, Instant createdAt, Instant expiresAt) {
        ApiToken token = new ApiToken(TokenId.random(), owner.id(), "laptop", randomHash(), createdAt, expiresAt, null, null);
        tokens().store(owner.id(), token);
        return token;
    }

    private static byte[] randomHash() {
        byte[] hash = new byte[32];
        new java.security.SecureRandom().nextBytes(hash);
        return hash;
    }

    @Test
    void aUserSeesItselfAndIsFoundByName() {
        User user = newUser();
        assertEquals(user, users().self(user.id()).orElseThrow());
        assertEquals(user.id(), users().idOf(user.username()).orElseThrow());
        assertTrue(users().idOf("nobody-" + UUID.randomUUID().toString().substring(0, 8)).isEmpty());
    }

    @Test
    void aUserDoesNotSeeAnotherUser() {
        User alice = newUser();
        User bob = newUser();
        assertTrue(users().self(alice.id()).map(u -> u.id().equals(alice.id())).orElse(false));
        assertFalse(users().self(bob.id()).map(u -> u.id().equals(alice.id())).orElse(false));
    }

    @Test
    void anAdminIsListedAsOne() {
        User admin = new User(UserId.random(), "listed-admin-" + UUID.randomUUID().toString().substring(0, 8), now);
        users().create(admin, UserRole.ADMIN);
        assertTrue(users().list(now).contains(new Users.Listed(admin, UserRole.ADMIN, 0)));
    }

    @Test
    void aUserHasTheRoleItWasCreatedWith() {
        User admin = new User(UserId.random(), "admin-" + UUID.randomUUID().toString().substring(0, 12), now);
        users().create(admin, UserRole.ADMIN);
        User plain = newUser();
        assertEquals(UserRole.ADMIN, users().role(admin.id()));
        assertEquals(UserRole.USER, users().role(plain.id()));
        assertEquals(UserRole.USER, users().role(UserId.random()), "an unknown user is no admin");
    }

    @Test
    void aUsernameIsTakenOnce() {
        User user = newUser();
        User twin = new User(UserId.random(), user.username(), now);
        assertThrows(Users.UsernameTakenException.class, () -> users().create(twin));
    }

    @Test
    void aTokenIsFoundByTheHashOfItsSecretOnly() {
        User user = newUser();
        byte[] hash = randomHash();
        ApiToken token = new ApiToken(TokenId.random(), user.id(), "laptop", hash, now, now.plusSeconds(3600), null, null);
        tokens().store(user.id(), token);
        ApiToken found = tokens().findBySecretHash(hash).orElseThrow();
        assertEquals(token, found);
        assertArrayEquals(hash, found.secretHash());
        assertTrue(tokens().findBySecretHash(randomHash()).isEmpty());
    }

    @Test
    void onlyTheOwnerRevokesAToken() {
        User alice = newUser();
        User bob = newUser();
        byte[] hash = randomHash();
        ApiToken token = new ApiToken(TokenId.random(), alice.id(), "laptop", hash, now, null, null, null);
        tokens().store(alice.id(), token);

        assertFalse(tokens().revoke(bob.id(), token.id(), now));
        assertFalse(tokens().findBySecretHash(hash).orElseThrow().isRevoked());
        assertTrue(tokens().revoke(alice.id(), token.id(), now.plusSeconds(1)));
        assertEquals(now.plusSeconds(1), tokens().findBySecretHash(hash).orElseThrow().revokedAt());
        assertFalse(tokens().revoke(alice.id(), new TokenId(UUID.randomUUID()), now));
    }

    @Test
    void nobodyStoresATokenForSomeoneElse() {
        User alice = newUser();
        User bob = newUser();
        ApiToken forged = new ApiToken(TokenId.random(), alice.id(), "forged", randomHash(), now, null, null, null);
        assertThrows(RuntimeException.class, () -> tokens().store(bob.id(), forged));
    }

    @Test
    void everyUserIsListedByNameWithTheTokensActiveAtTheTimeAsked() {
        String name = "list-" + UUID.randomUUID().toString().substring(0, 12);
        User bob = newUser(name + "-b");
        User alice = newUser(name + "-a");
        newToken(alice, now, null);
        newToken(alice, now, now.plusSeconds(60));
        ApiToken revoked = newToken(alice, now, null);
        tokens().revoke(alice.id(), revoked.id(), now);

        List<Users.Listed> before = users().list(now.plusSeconds(59)).stream()
                .filter(l -> l.user().username().startsWith(name)).toList();
        assertEquals(List.of(new Users.Listed(alice, UserRole.USER, 2), new Users.Listed(bob, UserRole.USER, 0)), before);
        assertEquals(List.of(new Users.Listed(alice, UserRole.USER, 1), new Users.Listed(bob, UserRole.USER, 0)),
                users().list(now.plusSeconds(60))
                .stream().filter(l -> l.user().username().startsWith(name)).toList(), "expired at its expiry");
    }

    @Test
    void aUserListsItsOwnTokensOnlyOldestFirst() {
        User alice = newUser();
        User bob = newUser();
        ApiToken second = newToken(alice, now.plusSeconds(1), null);
        ApiToken first = newToken(alice, now, now.plusSeconds(3600));
        ApiToken bobs = newToken(bob, now, null);
        tokens().revoke(alice.id(), second.id(), now.plusSeconds(2));

        List<ApiToken> listed = tokens().list(alice.id());
        assertEquals(List.of(first.id(), second.id()), listed.stream().map(ApiToken::id).toList());
        assertEquals(first, listed.getFirst());
        assertEquals(now.plusSeconds(2), listed.getLast().revokedAt(), "revoked tokens are listed too");
        assertEquals(List.of(bobs), tokens().list(bob.id()));
    }

    @Test
    void aTokensLastUseOnlyMovesForwardAndOnlyItsOwnerRecordsIt() {
        User alice = newUser();
        User bob = newUser();
        ApiToken token = newToken(alice, now, null);
        assertNull(tokens().findBySecretHash(token.secretHash()).orElseThrow().lastUsedAt());

        tokens().recordUse(alice.id(), token.id(), now.plusSeconds(10));
        tokens().recordUse(alice.id(), token.id(), now.plusSeconds(5));
        tokens().recordUse(bob.id(), token.id(), now.plusSeconds(20));

        assertEquals(now.plusSeconds(10), tokens().findBySecretHash(token.secretHash()).orElseThrow().lastUsedAt());
        assertEquals(now.plusSeconds(10), tokens().list(alice.id()).getFirst().lastUsedAt());
    }
}
