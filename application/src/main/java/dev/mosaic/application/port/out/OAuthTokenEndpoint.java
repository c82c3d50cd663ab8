package dev.mosaic.application.port.out;

import dev.mosaic.application.Secret;
import dev.mosaic.application.credential.OAuthClientConfig;
import java.time.Duration;
import java.util.Objects;

/** An OAuth 2.0 authorization server's token endpoint: codes and refresh tokens in, tokens out. */
public interface OAuthTokenEndpoint {

    /**
     * What the server granted.
     *
     * @param refreshToken null when the server sent none (then the previous one, if any, stays valid)
     * @param expiresIn null when the server did not say
     * @param accountId the account named in the access token where the config asks for one, else null
     */
    record Grant(Secret accessToken, Secret refreshToken, Duration expiresIn, String accountId) {
        public Grant {
            Objects.requireNonNull(accessToken, "accessToken");
        }
    }

    /** Exchanges an authorization code, proving with the PKCE verifier that this gateway asked for it. */
    Grant exchange(OAuthClientConfig client, String code, String codeVerifier, String state);

    Grant refresh(OAuthClientConfig client, Secret refreshToken);

    /**
     * Why no tokens came back, in words that never contain a token.
     *
     * @param refused true when the server answered and said no (an expired or used code, a revoked
     *     refresh token); false when it could not be reached or answered nonsense
     */
    final class OAuthException extends RuntimeException {
        private final boolean refused;

        public OAuthException(String message, boolean refused) {
            super(message);
            this.refused = refused;
        }

        public boolean refused() {
            return refused;
        }
    }
}
