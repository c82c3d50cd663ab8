package dev.mosaic.application.port.out;

import dev.mosaic.application.ErrorCode;
import dev.mosaic.application.Secret;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * Asks a provider whether it accepts a key, before the key is stored, by the cheapest call that
 * needs one (its model list).
 */
public interface CredentialCheck {

    /**
     * Why a key was not confirmed.
     *
     * @param code {@link ErrorCode#PROVIDER_AUTHENTICATION} when the provider refused the key;
     *     {@link ErrorCode#PROVIDER_UNAVAILABLE} when it could not be asked (unreachable, timed out,
     *     failing); {@link ErrorCode#INVALID_INPUT} when there is no endpoint to ask
     * @param message what went wrong in words a person can act on, never containing the key
     */
    record Problem(ErrorCode code, String message) {
        public Problem {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(message, "message");
        }
    }

    /**
     * @param provider a provider id, e.g. {@code openai}
     * @param baseUrl the endpoint to ask; null for the provider's usual one
     * @return empty when the provider accepted the key
     */
    Optional<Problem> validate(String provider, Secret key, URI baseUrl);
}
