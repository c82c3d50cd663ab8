package dev.mosaic.application.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What every {@link Users} and {@link ApiTokens} pair must do. */
public abstract class AccountsContract {

    protected abstract Users users();

    protected abstract ApiTokens tokens();

    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    private User newUser() {
        User user = new User(UserId.random(), "user-" + UUID.randomUUID().toString().substring(0, 12), now);
        users().create(user);
        return user;
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
        ApiToken token = new ApiToken(TokenId.random(), user.id(), "laptop", hash, now, now.plusSeconds(3600), null);
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
        ApiToken token = new ApiToken(TokenId.random(), alice.id(), "laptop", hash, now, null, null);
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
        ApiToken forged = new ApiToken(TokenId.random(), alice.id(), "forged", randomHash(), now, null, null);
        assertThrows(RuntimeException.class, () -> tokens().store(bob.id(), forged));
    }
}
