package dev.mosaic.adapters.out.postgres;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

/**
 * Full-text search over messages; every statement runs inside a {@link UserScope}, whose acting
 * user the search functions of migration V8 filter by. A query is the web-search text and the
 * prefix terms, and'ed; either part may be absent.
 */
interface SearchMapper {

    record HitRow(UUID conversationId, String conversationTitle, UUID messageId, String role, Instant createdAt,
            String snippet, double rank) {}

    /** The words as a query ({@code websearch_to_tsquery} never fails on odd input), or null. */
    String WORDS = "<choose><when test=\"text != null\">websearch_to_tsquery('english', #{text})</when>"
            + "<otherwise>null</otherwise></choose>";

    /** The prefix terms ({@code word:*}, and'ed), or null. */
    String PREFIXES = "<choose><when test=\"prefixes != null\">to_tsquery('english', #{prefixes})</when>"
            + "<otherwise>null</otherwise></choose>";

    /**
     * A plan made for one search must not be reused for another: a generic plan cannot leave out the
     * absent part of a query (the search functions of V8 rely on that), and once scanned a long
     * history once per conversation (measured: 600 ms instead of 35 ms for a user with 20,000
     * messages). So this transaction plans each statement for its own parameters.
     */
    @Update("set local plan_cache_mode = force_custom_plan")
    void planForTheseParameters();

    /** Through the owner's function (V8), which filters by the acting user so the index can serve both. */
    @Select("<script>"
            + "select conversation_id, conversation_title, message_id, role, created_at, snippet, rank"
            + " from search_messages(" + WORDS + ", " + PREFIXES + ", #{limit}, #{offset})"
            + "</script>")
    List<HitRow> search(String text, String prefixes, int limit, long offset);

    @Select("<script>select count_message_hits(" + WORDS + ", " + PREFIXES + ")</script>")
    long count(String text, String prefixes);
}
