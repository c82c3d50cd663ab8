package dev.mosaic.application.channel;

import dev.mosaic.application.Rejection;
import dev.mosaic.application.port.in.AuthenticateUseCase;
import dev.mosaic.domain.user.UserId;
import java.util.Objects;

/** Who a channel's message is from, in Mosaic's terms: one user, or a refusal that says why. */
public sealed interface Identity {

    record Known(UserId user) implements Identity {
        public Known {
            Objects.requireNonNull(user, "user");
        }
    }

    record Refused(Rejection why) implements Identity {
        public Refused {
            Objects.requireNonNull(why, "why");
        }
    }

    /** For channels whose clients present a Mosaic token (the WebSocket, the HTTP APIs). */
    static Identity of(AuthenticateUseCase.Outcome outcome) {
        return switch (outcome) {
            case AuthenticateUseCase.Outcome.Authenticated ok -> new Known(ok.user());
            case AuthenticateUseCase.Outcome.Rejected(Rejection why) -> new Refused(why);
        };
    }
}
