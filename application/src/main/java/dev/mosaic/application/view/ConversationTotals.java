package dev.mosaic.application.view;

import dev.mosaic.domain.conversation.ConversationId;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Objects;

/**
 * What a conversation has used so far, over all its model turns (a reply, or one step of a tool loop).
 *
 * @param costUsd the sum of the known costs
 * @param costComplete false when some turn's cost was unknown
 * @param modelSwitches turns by another model than the turn before
 * @param agentSwitches turns by another agent than the turn before
 * @param activeDuration the time its turns took, tools included
 */
public record ConversationTotals(ConversationId conversation, long turns, long inputTokens, long outputTokens,
        long cachedInputTokens, BigDecimal costUsd, boolean costComplete, int modelSwitches, int agentSwitches,
        long toolCalls, Duration activeDuration) {

    public ConversationTotals {
        Objects.requireNonNull(conversation, "conversation");
        Objects.requireNonNull(activeDuration, "activeDuration");
        // One representation per amount, so that 0.5 read back as 0.500000000 is the same cost.
        costUsd = costUsd.stripTrailingZeros();
        costUsd = costUsd.scale() < 0 ? costUsd.setScale(0) : costUsd;
    }

    /** A conversation no turn has ended in yet. */
    public static ConversationTotals none(ConversationId conversation) {
        return new ConversationTotals(conversation, 0, 0, 0, 0, BigDecimal.ZERO, true, 0, 0, 0, Duration.ZERO);
    }
}
