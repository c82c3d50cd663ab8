package dev.mosaic.application.fakes;

import dev.mosaic.application.port.out.ConversationMetrics;
import dev.mosaic.application.port.out.Conversations;
import dev.mosaic.application.view.ConversationTotals;
import dev.mosaic.domain.agent.AgentId;
import dev.mosaic.domain.conversation.ConversationId;
import dev.mosaic.domain.conversation.Usage;
import dev.mosaic.domain.routing.RouteTarget;
import dev.mosaic.domain.user.UserId;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** A fake {@link ConversationMetrics}; passes the same contract as the real one. */
public final class InMemoryConversationMetrics implements ConversationMetrics {
    private final Conversations conversations;
    private final Map<ConversationId, ConversationTotals> totals = new HashMap<>();
    private final Map<ConversationId, RouteTarget> lastModel = new HashMap<>();
    private final Map<ConversationId, AgentId> lastAgent = new HashMap<>();

    /** Metrics belong to conversations, which live in {@code conversations}. */
    public InMemoryConversationMetrics(Conversations conversations) {
        this.conversations = conversations;
        if (conversations instanceof InMemoryConversations store) {
            store.countWith(this);
        }
    }

    /** All the turns or, when one cannot be counted, none of them, as in one transaction. */
    synchronized void recordTurns(UserId actor, ConversationId id, List<Turn> turns) {
        Map<ConversationId, ConversationTotals> totalsWere = new HashMap<>(totals);
        Map<ConversationId, RouteTarget> modelsWere = new HashMap<>(lastModel);
        Map<ConversationId, AgentId> agentsWere = new HashMap<>(lastAgent);
        try {
            for (Turn t : turns) {
                recordTurn(actor, id, t.model(), t.agent(), t.usage(), t.cost(), t.active(), t.toolCalls());
            }
        } catch (RuntimeException e) {
            totals.clear();
            totals.putAll(totalsWere);
            lastModel.clear();
            lastModel.putAll(modelsWere);
            lastAgent.clear();
            lastAgent.putAll(agentsWere);
            throw e;
        }
    }

    @Override
    public synchronized void recordTurn(UserId actor, ConversationId id, RouteTarget model, AgentId agent, Usage usage,
            BigDecimal cost, Duration active, int toolCalls) {
        if (conversations.find(actor, id).isEmpty()) {
            throw new IllegalStateException("no conversation " + id + " of the actor's");
        }
        ConversationTotals was = totals.getOrDefault(id, ConversationTotals.none(id));
        boolean first = was.turns() == 0;
        int modelSwitch = !first && !model.equals(lastModel.get(id)) ? 1 : 0;
        int agentSwitch = !first && !Objects.equals(agent, lastAgent.get(id)) ? 1 : 0;
        // Sums that overflow fail, as the database's bigint columns do.
        totals.put(id, new ConversationTotals(id, was.turns() + 1, Math.addExact(was.inputTokens(), usage.inputTokens()),
                Math.addExact(was.outputTokens(), usage.outputTokens()),
                Math.addExact(was.cachedInputTokens(), usage.cachedInputTokens()),
                cost == null ? was.costUsd() : was.costUsd().add(cost), was.costComplete() && cost != null,
                was.modelSwitches() + modelSwitch, was.agentSwitches() + agentSwitch, was.toolCalls() + toolCalls,
                was.activeDuration().plus(active)));
        lastModel.put(id, model);
        if (agent == null) {
            lastAgent.remove(id);
        } else {
            lastAgent.put(id, agent);
        }
    }

    @Override
    public synchronized Optional<ConversationTotals> find(UserId actor, ConversationId id) {
        return conversations.find(actor, id).map(c -> totals.getOrDefault(id, ConversationTotals.none(id)));
    }
}
