package dev.mosaic.application.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.application.credential.CredentialKind;
import dev.mosaic.application.credential.ProviderCredential;
import dev.mosaic.application.port.out.ProviderCredentials;
import dev.mosaic.application.port.out.ProviderCredentials.Encrypted;
import dev.mosaic.domain.user.UserId;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What every {@link ProviderCredentials} must do. */
public abstract class ProviderCredentialsContract {
    private static final SecureRandom RANDOM = new SecureRandom();

    protected abstract ProviderCredentials credentials();

    /** A user that exists in the store's world, with no credentials yet. */
    protected abstract UserId newUser();

    private final Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    private static byte[] ciphertext() {
        byte[] bytes = new byte[48];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private Encrypted credential(UserId owner, String provider, String label, URI baseUrl, Instant at) {
        return new Encrypted(new ProviderCredential(owner, provider, CredentialKind.API_KEY, label, "…" + provider,
                baseUrl, at, at), ciphertext());
    }

    @Test
    void aStoredCredentialComesBackExactlyWithItsCiphertext() {
        UserId alice = newUser();
        Encrypted openai = credential(alice, "openai", "work", null, t0);
        Encrypted ollama = credential(alice, "ollama", "home server", URI.create("http://10.0.0.5:11434/v1"), t0.plusMillis(1));
        credentials().put(alice, openai);
        credentials().put(alice, ollama);

        assertEquals(Optional.of(openai), credentials().find(alice, "openai"));
        assertArrayEquals(ollama.ciphertext(), credentials().find(alice, "ollama").orElseThrow().ciphertext());
        assertEquals(List.of(ollama, openai), credentials().list(alice), "by provider id");
        assertEquals(Optional.empty(), credentials().find(alice, "anthropic"));
    }

    @Test
    void replacingACredentialKeepsWhenItWasFirstStoredAndTakesEverythingElse() {
        UserId alice = newUser();
        credentials().put(alice, credential(alice, "openai", "old", null, t0));
        Encrypted replacement = credential(alice, "openai", "new", URI.create("https://proxy.example/v1"), t0.plusSeconds(60));
        credentials().put(alice, replacement);

        Encrypted stored = credentials().find(alice, "openai").orElseThrow();
        ProviderCredential expected = new ProviderCredential(alice, "openai", CredentialKind.API_KEY, "new",
                replacement.credential().hint(), URI.create("https://proxy.example/v1"), t0, t0.plusSeconds(60));
        assertEquals(new Encrypted(expected, replacement.ciphertext()), stored);
        assertEquals(1, credentials().list(alice).size());
    }

    @Test
    void deletingRemovesOneProvidersCredentialOnly() {
        UserId alice = newUser();
        credentials().put(alice, credential(alice, "openai", "a", null, t0));
        Encrypted anthropic = credential(alice, "anthropic", "b", null, t0);
        credentials().put(alice, anthropic);

        assertTrue(credentials().delete(alice, "openai"));
        assertFalse(credentials().delete(alice, "openai"), "already gone");
        assertEquals(List.of(anthropic), credentials().list(alice));
    }

    @Test
    void nobodySeesDeletesOrRewrapsAnotherUsersCredential() {
        UserId alice = newUser();
        UserId bob = newUser();
        Encrypted mine = credential(alice, "openai", "alice's", null, t0);
        credentials().put(alice, mine);

        assertEquals(List.of(), credentials().list(bob));
        assertEquals(Optional.empty(), credentials().find(bob, "openai"));
        assertFalse(credentials().delete(bob, "openai"));
        assertFalse(credentials().rewrap(bob, "openai", mine.ciphertext(), ciphertext()));

        Encrypted his = credential(bob, "openai", "bob's", null, t0);
        credentials().put(bob, his);
        assertEquals(Optional.of(mine), credentials().find(alice, "openai"), "bob's own key did not replace alice's");
        assertEquals(Optional.of(his), credentials().find(bob, "openai"));
    }

    @Test
    void nobodyStoresACredentialForSomeoneElse() {
        UserId alice = newUser();
        UserId bob = newUser();
        Encrypted mine = credential(alice, "openai", "alice's", null, t0);
        credentials().put(alice, mine);

        assertThrows(RuntimeException.class, () -> credentials().put(bob, credential(alice, "openai", "forged", null, t0)));
        assertThrows(RuntimeException.class, () -> credentials().put(bob, credential(alice, "zai", "forged", null, t0)));
        assertEquals(List.of(mine), credentials().list(alice));
        assertEquals(List.of(), credentials().list(bob));
    }

    @Test
    void rewrapReplacesOnlyTheCiphertextAndOnlyWhileItIsUnchanged() {
        UserId alice = newUser();
        Encrypted stored = credential(alice, "openrouter", "router", null, t0);
        credentials().put(alice, stored);
        byte[] rewrapped = ciphertext();

        assertFalse(credentials().rewrap(alice, "openrouter", ciphertext(), rewrapped), "not the current ciphertext");
        assertEquals(Optional.of(stored), credentials().find(alice, "openrouter"));
        assertTrue(credentials().rewrap(alice, "openrouter", stored.ciphertext(), rewrapped));
        assertEquals(Optional.of(new Encrypted(stored.credential(), rewrapped)), credentials().find(alice, "openrouter"));
        assertFalse(credentials().rewrap(alice, "openrouter", stored.ciphertext(), ciphertext()), "stale");
        assertFalse(credentials().rewrap(alice, "zai", stored.ciphertext(), ciphertext()), "no such credential");
    }

    @Test
    void replaceSwapsAnOAuthLoginOnlyWhileItIsUnchangedAndKeepsItsExpiry() {
        UserId alice = newUser();
        UserId bob = newUser();
        Encrypted login = oauth(alice, t0, t0.plusSeconds(3600));
        credentials().put(alice, login);
        assertEquals(Optional.of(login), credentials().find(alice, "anthropic"), "the expiry is stored");

        Encrypted renewed = oauth(alice, t0.plusSeconds(3000), t0.plusSeconds(6600));
        assertFalse(credentials().replace(alice, ciphertext(), renewed), "not the current ciphertext");
        assertFalse(credentials().replace(bob, login.ciphertext(), oauth(bob, t0, t0)), "bob has no such login");
        assertTrue(credentials().replace(alice, login.ciphertext(), renewed));
        Encrypted stored = credentials().find(alice, "anthropic").orElseThrow();
        assertArrayEquals(renewed.ciphertext(), stored.ciphertext());
        assertEquals(t0.plusSeconds(6600), stored.credential().expiresAt());
        assertEquals(t0.plusSeconds(3000), stored.credential().updatedAt());
        assertEquals(t0, stored.credential().createdAt(), "still the first login's");
        assertFalse(credentials().replace(alice, login.ciphertext(), oauth(alice, t0, t0)), "the race's loser changes nothing");
        assertEquals(Optional.of(stored), credentials().find(alice, "anthropic"));
    }

    private static Encrypted oauth(UserId owner, Instant at, Instant expiresAt) {
        return new Encrypted(new ProviderCredential(owner, "anthropic", CredentialKind.OAUTH, "login", "…oat1", null, at, at,
                expiresAt), ciphertext());
    }

    @Test
    void ownersAreTheUsersWithAtLeastOneCredential() {
        UserId alice = newUser();
        UserId bob = newUser();
        UserId carol = newUser();
        credentials().put(alice, credential(alice, "openai", "a", null, t0));
        credentials().put(alice, credential(alice, "zai", "b", null, t0));
        credentials().put(bob, credential(bob, "openai", "c", null, t0));

        List<UserId> owners = credentials().owners();
        assertTrue(owners.containsAll(List.of(alice, bob)), owners::toString);
        assertEquals(1, owners.stream().filter(alice::equals).count(), "each owner once");
        assertFalse(owners.contains(carol));

        credentials().delete(bob, "openai");
        assertFalse(credentials().owners().contains(bob));
    }
}
