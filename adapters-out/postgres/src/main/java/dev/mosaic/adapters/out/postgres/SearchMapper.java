package dev.mosaic.adapters.out.postgres;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

/**
 * Full-text search over messages; every statement runs inside a {@link UserScope}. The query is
 * the web-search text ({@code websearch_to_tsquery}, which never fails on odd input) and'ed with
 * the prefix terms ({@code word:*}); either part may be absent.
 */
interface SearchMapper {

    record HitRow(UUID conversationId, String conversationTitle, UUID messageId, String role, Instant createdAt,
            String snippet, double rank) {}

    String QUERY = """
            <choose>
              <when test="text != null and prefixes != null">websearch_to_tsquery('english', #{text}) &amp;&amp; to_tsquery('english', #{prefixes})</when>
              <when test="text != null">websearch_to_tsquery('english', #{text})</when>
              <otherwise>to_tsquery('english', #{prefixes})</otherwise>
            </choose>""";

    /**
     * A plan made for one user's query must not be reused for another: a cached generic plan scans a
     * long history once per conversation (measured: 600 ms instead of 35 ms for a user with 20,000
     * messages), so this transaction plans each statement for its own parameters.
     */
    @Update("set local plan_cache_mode = force_custom_plan")
    void planForTheseParameters();

    @Select("<script>"
            + "select m.conversation_id, c.title as conversation_title, m.id as message_id, m.role, m.created_at,"
            + " ts_headline('english',"
            + "   (select string_agg(b->>'text', ' ') from jsonb_array_elements(m.content) b where b->>'type' = 'text'),"
            + "   q.query, 'StartSel=«, StopSel=», MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=\" … \"') as snippet,"
            + " ts_rank_cd(m.search, q.query) as rank"
            + " from messages m"
            + " join conversations c on c.id = m.conversation_id and c.user_id = m.user_id,"
            + " (select " + QUERY + " as query) q"
            + " where m.user_id = #{actor} and m.search @@ q.query"
            + " order by rank desc, m.created_at desc, m.id"
            + " limit #{limit} offset #{offset}"
            + "</script>")
    List<HitRow> search(UUID actor, String text, String prefixes, int limit, long offset);

    @Select("<script>"
            + "select count(*) from messages m, (select " + QUERY + " as query) q"
            + " where m.user_id = #{actor} and m.search @@ q.query"
            + "</script>")
    long count(UUID actor, String text, String prefixes);
}
