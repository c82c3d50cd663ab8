package dev.mosaic.adapters.out.postgres;

import java.math.BigDecimal;
import java.util.UUID;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Select;

/** SQL for {@link MyBatisConversationMetrics}; every statement runs inside a {@link UserScope}. */
interface ConversationMetricsMapper {

    /** One turn; {@code agentId} is null for none, {@code cost} zero when unknown (and {@code costKnown} false). */
    record TurnRow(UUID conversationId, UUID userId, String provider, String model, UUID agentId, long inputTokens,
            long outputTokens, long cachedInputTokens, BigDecimal cost, boolean costKnown, long activeMs, int toolCalls) {}

    /**
     * The first turn makes the row; each later one adds to it, counting a switch when its model or
     * agent is not the previous turn's.
     */
    @Insert("""
            insert into conversation_metrics as m (conversation_id, user_id, turns, input_tokens, output_tokens,
                cached_input_tokens, cost_usd, cost_complete, model_switches, agent_switches, tool_calls, active_ms,
                last_provider, last_model, last_agent_id)
            values (#{conversationId}, #{userId}, 1, #{inputTokens}, #{outputTokens}, #{cachedInputTokens}, #{cost},
                #{costKnown}, 0, 0, #{toolCalls}, #{activeMs}, #{provider}, #{model}, #{agentId})
            on conflict (conversation_id) do update set
                turns = m.turns + 1,
                input_tokens = m.input_tokens + excluded.input_tokens,
                output_tokens = m.output_tokens + excluded.output_tokens,
                cached_input_tokens = m.cached_input_tokens + excluded.cached_input_tokens,
                cost_usd = m.cost_usd + excluded.cost_usd,
                cost_complete = m.cost_complete and excluded.cost_complete,
                model_switches = m.model_switches
                    + ((m.last_provider, m.last_model) is distinct from (excluded.last_provider, excluded.last_model))::int,
                agent_switches = m.agent_switches + (m.last_agent_id is distinct from excluded.last_agent_id)::int,
                tool_calls = m.tool_calls + excluded.tool_calls,
                active_ms = m.active_ms + excluded.active_ms,
                last_provider = excluded.last_provider,
                last_model = excluded.last_model,
                last_agent_id = excluded.last_agent_id,
                updated_at = now()""")
    int recordTurn(TurnRow turn);

    record TotalsRow(UUID conversationId, long turns, long inputTokens, long outputTokens, long cachedInputTokens,
            BigDecimal costUsd, boolean costComplete, int modelSwitches, int agentSwitches, long toolCalls, long activeMs) {}

    /** The actor's conversation, with zeros while no turn has ended in it; null when it is not the actor's. */
    @Select("""
            select c.id as conversation_id, coalesce(m.turns, 0) as turns, coalesce(m.input_tokens, 0) as input_tokens,
                coalesce(m.output_tokens, 0) as output_tokens, coalesce(m.cached_input_tokens, 0) as cached_input_tokens,
                coalesce(m.cost_usd, 0) as cost_usd, coalesce(m.cost_complete, true) as cost_complete,
                coalesce(m.model_switches, 0) as model_switches, coalesce(m.agent_switches, 0) as agent_switches,
                coalesce(m.tool_calls, 0) as tool_calls, coalesce(m.active_ms, 0) as active_ms
            from conversations c left join conversation_metrics m on m.conversation_id = c.id and m.user_id = c.user_id
            where c.id = #{id} and c.user_id = #{actor}""")
    TotalsRow find(UUID actor, UUID id);
}
