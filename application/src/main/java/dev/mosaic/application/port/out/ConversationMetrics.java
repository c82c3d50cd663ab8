package dev.mosaic.application.port.out;

import dev.mosaic.application.view.ConversationTotals;
import dev.mosaic.domain.agent.AgentId;
import dev.mosaic.domain.conversation.ConversationId;
import dev.mosaic.domain.conversation.Usage;
import dev.mosaic.domain.routing.RouteTarget;
import dev.mosaic.domain.user.UserId;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;

/** What each conversation has used so far, kept up to date reply by reply. */
public interface ConversationMetrics {

    /**
     * One model turn to count, as {@link #recordTurn} takes it; {@link Conversations#updateCounting} counts
     * turns in the same write as a reply's final update.
     *
     * @param agent null for no agent
     * @param cost null when unknown
     * @param active how long the turn took, tools included
     */
    record Turn(RouteTarget model, AgentId agent, Usage usage, BigDecimal cost, Duration active, int toolCalls) {}

    /**
     * One model turn that ended (a reply, or one step of a tool loop). A turn by another model or
     * agent than the conversation's previous one counts as a switch.
     *
     * @param agent null for no agent
     * @param cost null when unknown; the conversation's cost is then marked incomplete
     * @param active how long the turn took, tools included
     * @throws IllegalStateException when the conversation is not the actor's
     */
    void recordTurn(UserId actor, ConversationId id, RouteTarget model, AgentId agent, Usage usage, BigDecimal cost,
            Duration active, int toolCalls);

    /** Empty when the conversation is not the actor's; all zero for one of the actor's without a turn yet. */
    Optional<ConversationTotals> find(UserId actor, ConversationId id);
}
