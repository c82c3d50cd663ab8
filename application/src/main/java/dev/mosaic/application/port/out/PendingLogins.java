package dev.mosaic.application.port.out;

import dev.mosaic.domain.user.UserId;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * OAuth logins that were started and not yet completed, kept outside the gateway's memory so that
 * any instance can complete what another started. Each is taken at most once.
 */
public interface PendingLogins {

    /**
     * @param encryptedVerifier the PKCE verifier, encrypted by the core: it proves the code was asked
     *     for by this gateway, so it is kept like any other secret
     */
    record Pending(UserId owner, String state, String provider, byte[] encryptedVerifier) {
        public Pending {
            Objects.requireNonNull(owner, "owner");
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(provider, "provider");
            encryptedVerifier = Objects.requireNonNull(encryptedVerifier, "encryptedVerifier").clone();
        }

        @Override
        public byte[] encryptedVerifier() {
            return encryptedVerifier.clone();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Pending that && owner.equals(that.owner) && state.equals(that.state)
                    && provider.equals(that.provider) && Arrays.equals(encryptedVerifier, that.encryptedVerifier);
        }

        @Override
        public int hashCode() {
            return state.hashCode();
        }

        @Override
        public String toString() {
            return "Pending[owner=" + owner + ", provider=" + provider + "]";
        }
    }

    /** Keeps the login for {@code ttl}, after which it is gone. */
    void save(Pending login, Duration ttl);

    /**
     * Removes and returns the owner's login to {@code provider} with this state; empty when unknown,
     * expired, taken, someone else's, or for another provider (which then stays as it was).
     */
    Optional<Pending> take(UserId owner, String provider, String state);
}
