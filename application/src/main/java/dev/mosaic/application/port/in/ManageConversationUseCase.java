package dev.mosaic.application.port.in;

import dev.mosaic.application.Rejection;
import dev.mosaic.domain.conversation.ConversationId;
import dev.mosaic.domain.user.UserId;
import java.util.Optional;

/** Rename, archive and delete the actor's conversations. Each answers empty on success. */
public interface ManageConversationUseCase {

    Optional<Rejection> rename(UserId actor, ConversationId id, String title);

    Optional<Rejection> archive(UserId actor, ConversationId id, boolean archived);

    /** Removes the conversation, its messages and their search entries; refused while a reply is being written. */
    Optional<Rejection> delete(UserId actor, ConversationId id);
}
