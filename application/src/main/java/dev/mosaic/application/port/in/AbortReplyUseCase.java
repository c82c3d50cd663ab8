package dev.mosaic.application.port.in;

import dev.mosaic.application.Rejection;
import dev.mosaic.domain.conversation.ConversationId;
import dev.mosaic.domain.user.UserId;
import java.util.Optional;

/** Stops the reply being written in one of the actor's conversations; what arrived is kept. */
public interface AbortReplyUseCase {
    /** Empty on success. */
    Optional<Rejection> abort(UserId actor, ConversationId conversation);
}
