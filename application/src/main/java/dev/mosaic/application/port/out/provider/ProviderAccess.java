package dev.mosaic.application.port.out.provider;

import dev.mosaic.application.Secret;
import java.net.URI;
import java.util.Objects;

/** How a call to a provider proves who is calling: an API key, or a token from a user's OAuth login. */
public sealed interface ProviderAccess {

    Secret secret();

    /** @param baseUrl the endpoint the key is for; null for the provider's usual one */
    record ApiKey(Secret secret, URI baseUrl) implements ProviderAccess {
        public ApiKey {
            Objects.requireNonNull(secret, "secret");
        }
    }

    /**
     * @param accountId sent beside the token where the provider wants it; null otherwise
     * @param baseUrl where calls with this token go, when not the provider's usual endpoint; else null
     */
    record OAuthToken(Secret secret, String accountId, URI baseUrl) implements ProviderAccess {
        public OAuthToken {
            Objects.requireNonNull(secret, "secret");
        }
    }
}
