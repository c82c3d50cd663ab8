package dev.mosaic.application.port.in;

import dev.mosaic.application.view.RoutedReply;
import dev.mosaic.domain.conversation.ConversationId;
import dev.mosaic.domain.user.UserId;
import java.util.List;
import java.util.Optional;

/** Why each answer of a conversation came from the model it came from. */
public interface ConversationRoutingQuery {

    /** Every routed reply, oldest first; empty when the actor has no such conversation. */
    Optional<List<RoutedReply>> routing(UserId actor, ConversationId conversation);
}
