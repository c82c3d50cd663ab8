package dev.mosaic.adapters.out.postgres;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

/**
 * SQL for {@link MyBatisArchive}. The look-up and the log statements run as no one in particular,
 * through the owner's SECURITY DEFINER functions (V16); a conversation is moved inside a
 * {@link UserScope} of its owner.
 */
interface ArchiveMapper {

    record CandidateRow(UUID userId, UUID conversationId) {}

    @Select("select user_id, conversation_id from conversations_to_archive(#{idleBefore}, #{limit})")
    List<CandidateRow> candidates(@Param("idleBefore") Instant idleBefore, @Param("limit") int limit);

    @Select("select user_id, conversation_id from conversations_quiet_since(#{idleBefore}, #{limit})")
    List<CandidateRow> quiet(@Param("idleBefore") Instant idleBefore, @Param("limit") int limit);

    /**
     * Locks the conversation if it is still due: quiet since before the moment, messages left to
     * move, no reply streaming. SKIP LOCKED: a conversation another run is moving, or that a new
     * message is being added to, is left for later rather than waited for.
     */
    @Select("""
            select c.id from conversations c
            where c.id = #{id} and c.user_id = #{owner} and c.last_activity_at < #{idleBefore}
              and c.messages_archived_through is distinct from c.last_activity_at
              and not exists (select 1 from messages m where m.conversation_id = c.id and m.status = 'streaming')
            for update of c skip locked""")
    UUID lockIfDue(@Param("owner") UUID owner, @Param("id") UUID id, @Param("idleBefore") Instant idleBefore);

    /** Locks the conversation if it is still quiet and has no reply streaming; skips it when another holds it. */
    @Select("""
            select c.id from conversations c
            where c.id = #{id} and c.user_id = #{owner} and c.last_activity_at < #{idleBefore}
              and not exists (select 1 from messages m where m.conversation_id = c.id and m.status = 'streaming')
            for update of c skip locked""")
    UUID lockIfQuiet(@Param("owner") UUID owner, @Param("id") UUID id, @Param("idleBefore") Instant idleBefore);

    /** The archive has the hot table's columns in its order (V16), so a deleted row is inserted as it was. */
    @Insert("""
            with moved as (delete from messages where conversation_id = #{id} and user_id = #{owner} returning *)
            insert into messages_archive select * from moved""")
    int moveMessages(@Param("owner") UUID owner, @Param("id") UUID id);

    /** The locked row's activity is the one the move covers; updated_at stays, as no one touched the conversation. */
    @Update("""
            update conversations set messages_archived_through = last_activity_at
            where id = #{id} and user_id = #{owner}""")
    int markArchived(@Param("owner") UUID owner, @Param("id") UUID id);

    @Select("select archive_agent_logs(#{loggedBefore}, #{limit})")
    int archiveLogs(@Param("loggedBefore") Instant loggedBefore, @Param("limit") int limit);

    @Select("select delete_archived_agent_logs(#{loggedBefore}, #{limit})")
    int deleteArchivedLogs(@Param("loggedBefore") Instant loggedBefore, @Param("limit") int limit);
}
