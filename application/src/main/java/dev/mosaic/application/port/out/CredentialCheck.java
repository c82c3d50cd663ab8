package dev.mosaic.application.port.out;

import dev.mosaic.application.Secret;
import java.net.URI;
import java.util.Optional;

/**
 * Asks a provider whether it accepts a key, before the key is stored, by the cheapest call that
 * needs one (its model list).
 */
public interface CredentialCheck {

    /**
     * @param provider a provider id, e.g. {@code openai}
     * @param baseUrl the endpoint to ask; null for the provider's usual one
     * @return empty when the provider accepted the key; otherwise what went wrong (the key was refused,
     *     the provider could not be reached, …) in words a person can act on, never containing the key
     */
    Optional<String> validate(String provider, Secret key, URI baseUrl);
}
