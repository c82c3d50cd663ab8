package dev.mosaic.application.port.in;

import dev.mosaic.application.PageRequest;
import dev.mosaic.domain.conversation.ConversationId;
import dev.mosaic.domain.user.UserId;
import java.util.Optional;

public interface GetConversationQuery {
    /** Empty when there is no such conversation of the actor's; another user's looks the same. */
    Optional<ConversationView> get(UserId actor, ConversationId id);

    /** The same, one page of messages at a time. */
    Optional<ConversationPage> get(UserId actor, ConversationId id, PageRequest page);

    /** Whether a reply is being written in the actor's conversation now; false for another user's. */
    boolean replyInProgress(UserId actor, ConversationId id);
}
