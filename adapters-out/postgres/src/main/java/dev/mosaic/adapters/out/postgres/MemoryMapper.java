package dev.mosaic.adapters.out.postgres;

import com.pgvector.PGvector;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.ibatis.annotations.Delete;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

/**
 * SQL for {@link MyBatisMemories}; every statement runs inside a {@link UserScope} and names the
 * actor as well, so that a mistake in one is still confined by the other.
 */
interface MemoryMapper {

    record PreferenceRow(String key, String value, Instant updatedAt) {}

    record InsightRow(UUID id, String text, UUID conversationId, UUID messageId, Instant createdAt, Instant lastUsedAt) {}

    record MatchRow(UUID id, String text, UUID conversationId, UUID messageId, Instant createdAt, Instant lastUsedAt,
            double distance) {}

    record CoverageRow(long insights, long active, long previous) {}

    record LackingRow(UUID userId, long lacking, Instant newestOther) {}

    String INSIGHT = "'insight'";

    @Select("select key, value, updated_at from preferences where user_id = #{actor} order by key collate \"C\"")
    List<PreferenceRow> preferences(UUID actor);

    @Insert("""
            insert into preferences (user_id, key, value, updated_at) values (#{actor}, #{key}, #{value}, #{updatedAt})
            on conflict (user_id, key) do update set value = excluded.value, updated_at = excluded.updated_at""")
    int savePreference(UUID actor, String key, String value, Instant updatedAt);

    @Delete("delete from preferences where user_id = #{actor} and key = #{key}")
    int deletePreference(UUID actor, String key);

    @Insert("""
            insert into insights (id, user_id, text, conversation_id, message_id, created_at, last_used_at)
            values (#{id}, #{actor}, #{text}, #{conversationId}, #{messageId}, #{createdAt}, #{lastUsedAt})""")
    int saveInsight(UUID actor, UUID id, String text, UUID conversationId, UUID messageId, Instant createdAt,
            Instant lastUsedAt);

    @Select("""
            select id, text, conversation_id, message_id, created_at, last_used_at from insights
            where user_id = #{actor} order by created_at desc, id limit #{limit} offset #{offset}""")
    List<InsightRow> insights(UUID actor, int limit, long offset);

    @Select("select count(*) from insights where user_id = #{actor}")
    long countInsights(UUID actor);

    @Select("""
            select id, text, conversation_id, message_id, created_at, last_used_at from insights
            where user_id = #{actor} and id = #{id}""")
    InsightRow insight(UUID actor, UUID id);

    /**
     * Insights are deleted before their vectors, in statements of their own: a re-embedding that holds
     * an insight (see {@link #lockInsights}) makes the delete wait for its vectors to be committed, and
     * the vectors' delete that follows then sees and deletes them too.
     */
    @Delete("delete from insights where user_id = #{actor} and id = #{id}")
    int deleteInsight(UUID actor, UUID id);

    @Delete("delete from embeddings where user_id = #{actor} and subject_kind = " + INSIGHT + " and subject_id = #{id}")
    int deleteInsightVectors(UUID actor, String id);

    /**
     * {@code <=>} is pgvector's cosine distance, on the vector cast to its size as the partial
     * indexes are built; the model and size filters keep incomparable vectors out. Relaxed order
     * may return the index's candidates slightly out of order, so they are sorted again.
     *
     * <p>The nearest vectors' subject ids are cast to insight ids before the join: a join condition
     * with the cast in it is not leakproof, so row-level security keeps it out of the index scan of
     * {@code insights}, and every one of the user's insights was read (and its id cast to text) to
     * find the ten; a plain comparison of ids looks each one up by its primary key.
     */
    @Select("""
            with nearest as materialized (
                select subject_id::uuid as insight_id,
                    (vector::vector(${dimensions})) <=> cast(#{query} as vector(${dimensions})) as distance
                from embeddings
                where user_id = #{actor} and subject_kind = 'insight' and model = #{model} and dimensions = ${dimensions}
                order by (vector::vector(${dimensions})) <=> cast(#{query} as vector(${dimensions}))
                limit #{limit})
            select i.id, i.text, i.conversation_id, i.message_id, i.created_at, i.last_used_at, n.distance
            from nearest n join insights i on i.id = n.insight_id and i.user_id = #{actor}
            order by n.distance, i.id""")
    List<MatchRow> nearest(UUID actor, String model, int dimensions, PGvector query, int limit);

    @Update("""
            <script>update insights set last_used_at = greatest(last_used_at, #{at})
            where user_id = #{actor} and id in
            <foreach item="id" collection="ids" open="(" separator="," close=")">#{id}</foreach></script>""")
    int markUsed(UUID actor, List<UUID> ids, Instant at);

    @Delete("delete from embeddings where user_id = #{actor} and subject_kind = " + INSIGHT)
    int forgetVectors(UUID actor);

    /**
     * Vectors are counted rather than joined with their insights, which keeps a search's extra cost to
     * two index scans; no vector outlives its insight (see {@link #deleteInsight}).
     */
    @Select("""
            select (select count(*) from insights where user_id = #{actor}) as insights,
                (select count(*) from embeddings where user_id = #{actor} and subject_kind = 'insight'
                    and model = #{activeModel} and dimensions = #{activeDimensions}) as active,
                (select count(*) from embeddings where user_id = #{actor} and subject_kind = 'insight'
                    and model = #{previousModel,jdbcType=VARCHAR}
                    and dimensions = #{previousDimensions,jdbcType=INTEGER}) as previous""")
    CoverageRow coverage(UUID actor, String activeModel, int activeDimensions, String previousModel,
            Integer previousDimensions);

    /** Runs as no one in particular, through the owner's SECURITY DEFINER function. */
    @Select("""
            select user_id, lacking, newest_other
            from insights_to_reembed(#{model}, #{dimensions}, #{after,jdbcType=OTHER}::uuid, #{limit})""")
    List<LackingRow> lacking(String model, int dimensions, UUID after, int limit);

    @Select("""
            select id, text, conversation_id, message_id, created_at, last_used_at from insights i
            where user_id = #{actor} and not exists (
                select from embeddings e where e.user_id = #{actor} and e.subject_kind = 'insight'
                    and e.subject_id = i.id::text and e.model = #{model} and e.dimensions = #{dimensions})
            order by created_at, id limit #{limit}""")
    List<InsightRow> withoutVector(UUID actor, String model, int dimensions, int limit);

    /**
     * The insights among {@code ids} that still exist, held until the transaction ends so that none
     * is deleted while its new vector is written; one deleted meanwhile is not returned.
     */
    @Select("""
            <script>select id from insights where user_id = #{actor} and id in
            <foreach item="id" collection="ids" open="(" separator="," close=")">#{id}</foreach>
            for share</script>""")
    List<UUID> lockInsights(UUID actor, List<UUID> ids);

    /** Only when every insight of the actor's has a vector of the kept model and size. */
    @Delete("""
            delete from embeddings where user_id = #{actor} and subject_kind = 'insight'
                and (model <> #{model} or dimensions <> #{dimensions})
                and not exists (select from insights i where i.user_id = #{actor} and not exists (
                    select from embeddings e where e.user_id = #{actor} and e.subject_kind = 'insight'
                        and e.subject_id = i.id::text and e.model = #{model} and e.dimensions = #{dimensions}))""")
    int deleteOtherVectors(UUID actor, String model, int dimensions);

    /** Runs as no one in particular, through the owner's SECURITY DEFINER function. */
    @Select("select user_id from users_with_insights_unused_since(#{lastUse}, #{limit})")
    List<UUID> unusedSince(Instant lastUse, int limit);

    @Delete("delete from insights where user_id = #{actor} and last_used_at <= #{lastUse}")
    int retireInsights(UUID actor, Instant lastUse);

    /** The vectors whose insight is gone; run after the insights' delete, as for {@link #deleteInsight}. */
    @Delete("""
            delete from embeddings e where user_id = #{actor} and subject_kind = 'insight'
                and not exists (select from insights i where i.user_id = #{actor} and i.id::text = e.subject_id)""")
    int deleteOrphanVectors(UUID actor);

    @Delete("delete from insights where user_id = #{actor}")
    int forgetInsights(UUID actor);

    @Delete("delete from preferences where user_id = #{actor}")
    int forgetPreferences(UUID actor);
}
