package dev.mosaic.application.port.in;

import dev.mosaic.application.view.ConversationTotals;
import dev.mosaic.domain.conversation.ConversationId;
import dev.mosaic.domain.user.UserId;
import java.util.Optional;

/** What a conversation has used so far: turns, tokens, cost, switches of model and agent, tool calls, time. */
public interface ConversationMetricsQuery {

    /** Empty when the actor has no such conversation. */
    Optional<ConversationTotals> metrics(UserId actor, ConversationId conversation);
}
