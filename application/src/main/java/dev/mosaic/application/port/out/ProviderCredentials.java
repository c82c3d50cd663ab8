package dev.mosaic.application.port.out;

import dev.mosaic.application.credential.ProviderCredential;
import dev.mosaic.domain.user.UserId;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The acting user's provider credentials, at most one per provider. What is stored is the
 * credential's metadata and a ciphertext made by {@link CredentialCipher}; an implementation never
 * sees, and so can never store, a plaintext secret.
 */
public interface ProviderCredentials {

    /** A credential as stored: what may be shown, and the ciphertext of its secret. */
    record Encrypted(ProviderCredential credential, byte[] ciphertext) {
        public Encrypted {
            Objects.requireNonNull(credential, "credential");
            ciphertext = Objects.requireNonNull(ciphertext, "ciphertext").clone();
        }

        @Override
        public byte[] ciphertext() {
            return ciphertext.clone();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Encrypted that && credential.equals(that.credential)
                    && Arrays.equals(ciphertext, that.ciphertext);
        }

        @Override
        public int hashCode() {
            return credential.hashCode();
        }

        @Override
        public String toString() {
            return "Encrypted[" + credential + "]";
        }
    }

    /**
     * Stores the actor's credential for its provider, replacing the one stored before; a replaced
     * credential keeps its {@code createdAt}. Fails for a credential owned by someone else.
     */
    void put(UserId actor, Encrypted credential);

    /** The actor's credentials, by provider id. */
    List<Encrypted> list(UserId actor);

    Optional<Encrypted> find(UserId actor, String provider);

    /** @return false when the actor has no credential for this provider */
    boolean delete(UserId actor, String provider);

    /**
     * Replaces the ciphertext of the actor's credential, but only while it is still {@code current}:
     * a key the user stored meanwhile must not be overwritten by the re-encryption of the old one.
     * Nothing else changes, {@code updatedAt} included.
     *
     * @return false when there is no such credential or its ciphertext has changed
     */
    boolean rewrap(UserId actor, String provider, byte[] current, byte[] replacement);

    /**
     * Replaces the actor's credential for its provider, but only while its ciphertext is still
     * {@code current}: two renewals of one OAuth login racing each other must not both win, since the
     * loser's refresh token may already be spent.
     *
     * @return false when there is no such credential or its ciphertext has changed
     */
    boolean replace(UserId actor, byte[] current, Encrypted replacement);

    /**
     * Every user that has at least one credential. The one method without an acting user: master
     * key rotation re-encrypts everyone's credentials, one user at a time through the methods above,
     * and learns here only whose there are.
     */
    List<UserId> owners();
}
