package dev.mosaic.application.fakes;

import dev.mosaic.application.port.out.ConversationMetrics;
import dev.mosaic.domain.agent.AgentId;
import dev.mosaic.domain.conversation.ConversationId;
import dev.mosaic.domain.conversation.Usage;
import dev.mosaic.domain.routing.RouteTarget;
import dev.mosaic.domain.user.UserId;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Conversation metrics in memory, counted as the real store counts them. */
public final class InMemoryConversationMetrics implements ConversationMetrics {
    private record Kept(UserId owner, Totals totals, RouteTarget lastModel, AgentId lastAgent) {}

    private final Map<ConversationId, Kept> kept = new HashMap<>();

    @Override
    public synchronized void recordTurn(UserId actor, ConversationId id, RouteTarget model, AgentId agent, Usage usage,
            BigDecimal cost, Duration active, int toolCalls) {
        Kept before = kept.get(id);
        Totals t = before == null ? new Totals(id, 0, 0, 0, 0, BigDecimal.ZERO, true, 0, 0, 0, Duration.ZERO)
                : before.totals();
        boolean first = before == null;
        kept.put(id, new Kept(actor, new Totals(id, t.turns() + 1, t.inputTokens() + usage.inputTokens(),
                t.outputTokens() + usage.outputTokens(), t.cachedInputTokens() + usage.cachedInputTokens(),
                cost == null ? t.costUsd() : t.costUsd().add(cost), t.costComplete() && cost != null,
                t.modelSwitches() + (!first && !model.equals(before.lastModel()) ? 1 : 0),
                t.agentSwitches() + (!first && !Objects.equals(agent, before.lastAgent()) ? 1 : 0),
                t.toolCalls() + toolCalls, t.activeDuration().plus(active)), model, agent));
    }

    @Override
    public synchronized Optional<Totals> find(UserId actor, ConversationId id) {
        return Optional.ofNullable(kept.get(id)).filter(k -> k.owner().equals(actor)).map(Kept::totals);
    }
}
