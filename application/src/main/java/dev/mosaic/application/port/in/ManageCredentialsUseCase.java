package dev.mosaic.application.port.in;

import dev.mosaic.application.Rejection;
import dev.mosaic.application.credential.ProviderCredential;
import dev.mosaic.domain.user.UserId;
import java.util.List;
import java.util.Optional;

/**
 * The acting user's own provider credentials. Nothing here ever returns a secret: a stored key is
 * shown as its masked hint only, and no user can see or use another user's credentials.
 */
public interface ManageCredentialsUseCase {

    sealed interface PutOutcome {
        record Saved(ProviderCredential credential) implements PutOutcome {}

        /** {@code invalid_input} for a malformed request, {@code provider_authentication} when the provider refused the key. */
        record Rejected(Rejection rejection) implements PutOutcome {}
    }

    /** Checks the key with its provider, then stores it encrypted, replacing the actor's previous one. */
    PutOutcome put(UserId actor, PutCredentialCommand command);

    /** The actor's credentials, by provider id. */
    List<ProviderCredential> list(UserId actor);

    /** Empty on success; {@code not_found} when there is none, {@code invalid_input} for an unknown provider. */
    Optional<Rejection> delete(UserId actor, String provider);
}
