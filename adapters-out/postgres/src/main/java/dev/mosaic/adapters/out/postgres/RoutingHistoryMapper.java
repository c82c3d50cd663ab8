package dev.mosaic.adapters.out.postgres;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.ibatis.annotations.Select;

/** SQL for {@link MyBatisRoutingHistory}; {@link #exchanges} runs inside a {@link UserScope}. */
interface RoutingHistoryMapper {

    /**
     * A question and the first assistant message after it in its conversation (all null when none
     * came); archived messages too (V16), so a replay reaches as far back as asked.
     */
    record ExchangeRow(Instant askedAt, String question, String provider, String model, Long inputTokens,
            Long outputTokens, Long cachedInputTokens) {}

    @Select("""
            select q.created_at as asked_at, q.content as question, a.provider, a.model, a.input_tokens,
                a.output_tokens, a.cached_input_tokens
            from all_messages q
            left join lateral (
                select provider, model, input_tokens, output_tokens, cached_input_tokens from all_messages m
                where m.conversation_id = q.conversation_id and m.user_id = q.user_id and m.position > q.position
                  and m.role = 'assistant'
                order by m.position limit 1) a on true
            where q.user_id = #{actor} and q.role = 'user' and q.created_at >= #{since}
            order by q.position""")
    List<ExchangeRow> exchanges(UUID actor, Instant since);

    /** Runs as no one in particular, through the owner's SECURITY DEFINER function. */
    @Select("select asker from message_askers_since(#{since}) as asker")
    List<UUID> askers(Instant since);
}
