package dev.mosaic.application.port.in;

import dev.mosaic.application.Rejection;
import dev.mosaic.application.credential.ProviderCredential;
import dev.mosaic.domain.user.UserId;
import java.net.URI;
import java.time.Instant;
import java.util.List;

/**
 * Logging the acting user in to a provider with OAuth (authorization code + PKCE), in two steps so
 * that it works from a terminal: {@link #start} gives the URL the user opens; the code the provider
 * sends back to the redirect URI (caught by the client, or pasted by the user) goes to {@link #complete}.
 */
public interface LoginWithOAuthUseCase {

    /** @param expiresAt after this the login cannot be completed and must be started again */
    record Started(String provider, URI authorizationUrl, URI redirectUri, String state, Instant expiresAt) {}

    sealed interface StartOutcome {
        record Ready(Started login) implements StartOutcome {}

        /** {@code invalid_input} for a provider without an OAuth login. */
        record Rejected(Rejection rejection) implements StartOutcome {}
    }

    sealed interface CompleteOutcome {
        record LoggedIn(ProviderCredential credential) implements CompleteOutcome {}

        /**
         * {@code not_found} for a login that is unknown, expired, already completed or someone else's;
         * {@code provider_authentication} when the provider refused the code; {@code provider_unavailable}
         * when it could not be asked; {@code invalid_input} for a malformed answer.
         */
        record Rejected(Rejection rejection) implements CompleteOutcome {}
    }

    /** The providers a user can log in to. */
    List<String> providers();

    StartOutcome start(UserId actor, String provider);

    /**
     * @param state the {@link Started#state} of the login being completed; may be null when
     *     {@code response} carries it
     * @param response what came back: a bare code, or as the user may paste it, the whole redirect URL,
     *     its query string, or {@code code#state}
     */
    CompleteOutcome complete(UserId actor, String provider, String state, String response);
}
