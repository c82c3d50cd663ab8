package dev.mosaic.adapters.out.postgres;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Select;

/** SQL for {@link MyBatisCheckpoints}; every statement runs inside a {@link UserScope}. */
interface CheckpointMapper {

    record CheckpointRow(UUID id, UUID conversationId, UUID userId, String summary, UUID firstCovered, UUID lastCovered,
            int messagesCovered, long tokensCovered, long summaryTokens, String provider, String model, Instant createdAt) {}

    @Insert("""
            insert into context_checkpoints (id, conversation_id, user_id, summary, first_covered, last_covered,
                messages_covered, tokens_covered, summary_tokens, provider, model, created_at)
            values (#{id}, #{conversationId}, #{userId}, #{summary}, #{firstCovered}, #{lastCovered},
                #{messagesCovered}, #{tokensCovered}, #{summaryTokens}, #{provider}, #{model}, #{createdAt})""")
    int insert(CheckpointRow row);

    @Select("""
            select id, conversation_id, user_id, summary, first_covered, last_covered, messages_covered,
                tokens_covered, summary_tokens, provider, model, created_at
            from context_checkpoints
            where conversation_id = #{conversationId} and user_id = #{actor}
            order by position""")
    List<CheckpointRow> of(UUID actor, UUID conversationId);

    /** The newest of {@link #of}, or null. */
    @Select("""
            select id, conversation_id, user_id, summary, first_covered, last_covered, messages_covered,
                tokens_covered, summary_tokens, provider, model, created_at
            from context_checkpoints
            where conversation_id = #{conversationId} and user_id = #{actor}
            order by position desc
            limit 1""")
    CheckpointRow latest(UUID actor, UUID conversationId);
}
