package dev.mosaic.adapters.out.postgres;

import dev.mosaic.adapters.out.postgres.ConversationMetricsMapper.TotalsRow;
import dev.mosaic.adapters.out.postgres.ConversationMetricsMapper.TurnRow;
import dev.mosaic.application.port.out.ConversationMetrics;
import dev.mosaic.application.view.ConversationTotals;
import dev.mosaic.domain.agent.AgentId;
import dev.mosaic.domain.conversation.ConversationId;
import dev.mosaic.domain.conversation.Usage;
import dev.mosaic.domain.routing.RouteTarget;
import dev.mosaic.domain.user.UserId;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;
import org.apache.ibatis.session.SqlSessionFactory;

/** Conversation metrics in PostgreSQL: one row per conversation, added to by one statement per turn. */
final class MyBatisConversationMetrics implements ConversationMetrics {
    private final SqlSessionFactory sessions;

    MyBatisConversationMetrics(SqlSessionFactory sessions) {
        this.sessions = sessions;
    }

    @Override
    public void recordTurn(UserId actor, ConversationId id, RouteTarget model, AgentId agent, Usage usage, BigDecimal cost,
            Duration active, int toolCalls) {
        TurnRow turn = row(actor, id, new Turn(model, agent, usage, cost, active, toolCalls));
        try {
            UserScope.inTransaction(sessions, actor, session -> session.getMapper(ConversationMetricsMapper.class)
                    .recordTurn(turn));
        } catch (RuntimeException e) {
            // The key to conversations(id, user_id) refuses a conversation that is not the actor's; row-level
            // security refuses adding to another user's row.
            String state = SqlErrors.sqlState(e);
            if (state.equals(SqlErrors.FOREIGN_KEY_VIOLATION) || state.equals(SqlErrors.INSUFFICIENT_PRIVILEGE)) {
                throw new IllegalStateException("no conversation " + id + " of the actor's", e);
            }
            throw e;
        }
    }

    /** The row that counts one turn, for this adapter and for a reply's final update that counts its turns. */
    static TurnRow row(UserId actor, ConversationId id, Turn turn) {
        RouteTarget model = turn.model();
        Usage usage = turn.usage();
        return new TurnRow(id.value(), actor.value(), model.provider(), model.model(),
                turn.agent() == null ? null : turn.agent().value(), usage.inputTokens(), usage.outputTokens(),
                usage.cachedInputTokens(), turn.cost() == null ? BigDecimal.ZERO : turn.cost(), turn.cost() != null,
                turn.active().toMillis(), turn.toolCalls());
    }

    @Override
    public Optional<ConversationTotals> find(UserId actor, ConversationId id) {
        TotalsRow row = UserScope.inTransaction(sessions, actor,
                session -> session.getMapper(ConversationMetricsMapper.class).find(actor.value(), id.value()));
        return Optional.ofNullable(row).map(r -> new ConversationTotals(id, r.turns(), r.inputTokens(), r.outputTokens(),
                r.cachedInputTokens(), r.costUsd(), r.costComplete(), r.modelSwitches(), r.agentSwitches(), r.toolCalls(),
                Duration.ofMillis(r.activeMs())));
    }
}
