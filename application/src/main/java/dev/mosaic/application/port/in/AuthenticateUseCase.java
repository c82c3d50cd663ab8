package dev.mosaic.application.port.in;

import dev.mosaic.application.Rejection;
import dev.mosaic.domain.user.TokenId;
import dev.mosaic.domain.user.UserId;

/** Turns a bearer token into the acting user. */
public interface AuthenticateUseCase {

    sealed interface Outcome {
        record Authenticated(UserId user, TokenId token) implements Outcome {}

        record Rejected(Rejection rejection) implements Outcome {}
    }

    Outcome authenticate(String bearerToken);
}
