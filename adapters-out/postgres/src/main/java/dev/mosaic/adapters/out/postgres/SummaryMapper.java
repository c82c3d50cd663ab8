package dev.mosaic.adapters.out.postgres;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;

interface SummaryMapper {
    record IdleRow(UUID userId, UUID conversationId, Instant activityAt) {}

    record SummaryRow(UUID conversationId, String summary, int messagesCovered, Instant activityAt, String provider,
            String model, Instant createdAt) {}

    @Select("select user_id, conversation_id, activity_at from conversations_to_summarize(#{before}, #{limit})")
    List<IdleRow> toSummarize(@Param("before") Instant before, @Param("limit") int limit);

    @Insert("""
            insert into conversation_summaries (conversation_id, user_id, summary, messages_covered, activity_at, provider,
                model, created_at)
            values (#{conversationId}, #{userId}, #{summary}, #{messagesCovered}, #{activityAt}, #{provider}, #{model},
                #{createdAt})
            on conflict (conversation_id) do update set summary = excluded.summary,
                messages_covered = excluded.messages_covered, activity_at = excluded.activity_at,
                provider = excluded.provider, model = excluded.model, created_at = excluded.created_at
            where conversation_summaries.activity_at <= excluded.activity_at""")
    void save(@Param("userId") UUID userId, @Param("conversationId") UUID conversationId, @Param("summary") String summary,
            @Param("messagesCovered") int messagesCovered, @Param("activityAt") Instant activityAt,
            @Param("provider") String provider, @Param("model") String model, @Param("createdAt") Instant createdAt);

    @Select("""
            select conversation_id, summary, messages_covered, activity_at, provider, model, created_at
            from conversation_summaries where conversation_id = #{conversationId}""")
    SummaryRow find(@Param("conversationId") UUID conversationId);
}
