-- Tier management: the messages of conversations quiet for long, and old agent log rows, move from
-- the hot tables to archive tables of the same shape (docs/retention.md, ADR 15). Reads see both
-- tables through all_messages, so search, history and resume do not care where a message is.

-- The last activity whose messages are all in the archive; null until the first move. A
-- conversation active again since (last_activity_at moved on) has hot messages to move again.
-- Named apart from archived_at, the owner's own "archive this conversation" flag (V2).
ALTER TABLE conversations ADD COLUMN messages_archived_through timestamptz;

-- The conversations the tier job may still have to move, oldest activity first.
CREATE INDEX conversations_to_archive ON conversations (last_activity_at)
    WHERE messages_archived_through IS DISTINCT FROM last_activity_at;

-- The same columns in the same order, so a moved row is inserted as it was deleted (select *).
-- position keeps the hot table's value (no identity here), so history still orders across both
-- tables; search is a plain column holding the vector computed in the hot table (archived rows
-- are never changed). A column added to messages later must be added here too, in the same place,
-- and all_messages recreated.
CREATE TABLE messages_archive (LIKE messages INCLUDING DEFAULTS INCLUDING CONSTRAINTS);
ALTER TABLE messages_archive
    ADD PRIMARY KEY (id),
    ADD FOREIGN KEY (conversation_id, user_id) REFERENCES conversations (id, user_id) ON DELETE CASCADE,
    ADD FOREIGN KEY (agent_id, agent_version) REFERENCES agent_versions (agent_id, version);

-- What history and search need: a conversation's messages in order, a user's messages by words.
CREATE INDEX messages_archive_conversation_position ON messages_archive (conversation_id, position);
CREATE INDEX messages_archive_user_search ON messages_archive USING gin (user_id, search);

ALTER TABLE messages_archive ENABLE ROW LEVEL SECURITY;
ALTER TABLE messages_archive FORCE ROW LEVEL SECURITY;
CREATE POLICY own_rows ON messages_archive
    USING (user_id = mosaic_user_id()) WITH CHECK (user_id = mosaic_user_id());
-- For the owner's search functions below, as V8 does for messages.
CREATE POLICY definer_search ON messages_archive FOR SELECT TO CURRENT_USER USING (true);

-- Every message, hot or archived. security_invoker: the policies of both tables bind whoever reads it.
CREATE VIEW all_messages WITH (security_invoker = true) AS
    SELECT * FROM messages UNION ALL SELECT * FROM messages_archive;

-- Rows are moved by the application acting as their owner; nothing updates an archived message.
GRANT SELECT, INSERT ON messages_archive TO "${appUser}";
GRANT SELECT ON all_messages TO "${appUser}";

-- Which conversations, of any user, went quiet before a moment and still have messages to move,
-- with no reply streaming (a reply is never archived while written, nor before garbage collection
-- settles it); ids only, oldest first. The move itself runs as each conversation's owner.
CREATE FUNCTION conversations_to_archive(idle_before timestamptz, max_count integer)
    RETURNS TABLE (user_id uuid, conversation_id uuid)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT c.user_id, c.id FROM conversations c
          WHERE c.last_activity_at < idle_before
            AND c.messages_archived_through IS DISTINCT FROM c.last_activity_at
            AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = c.id AND m.status = 'streaming')
          ORDER BY c.last_activity_at LIMIT max_count $$;

-- For the opt-in retention of messages (off by default): conversations of any user quiet since
-- before a moment, with no reply streaming; ids only, oldest first. Each is deleted as its owner.
-- Called once per tier run (daily by default), so it reads conversations without an index of its own.
CREATE FUNCTION conversations_quiet_since(idle_before timestamptz, max_count integer)
    RETURNS TABLE (user_id uuid, conversation_id uuid)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT c.user_id, c.id FROM conversations c
          WHERE c.last_activity_at < idle_before
            AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = c.id AND m.status = 'streaming')
          ORDER BY c.last_activity_at LIMIT max_count $$;

-- The search functions of V8, over both tables: each branch of the view is probed by its own
-- (user_id, search) index.
CREATE OR REPLACE FUNCTION search_messages(words tsquery, prefixes tsquery, max_hits integer, skip bigint)
    RETURNS TABLE (conversation_id uuid, conversation_title text, message_id uuid, role text,
                   created_at timestamptz, snippet text, rank real)
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$
    #variable_conflict use_column
    DECLARE
        query tsquery := CASE WHEN words IS NULL THEN prefixes WHEN prefixes IS NULL THEN words
                              ELSE words && prefixes END;
    BEGIN
        RETURN QUERY
        SELECT m.conversation_id, c.title, m.id, m.role, m.created_at,
               ts_headline('english',
                   (SELECT string_agg(b->>'text', ' ') FROM jsonb_array_elements(m.content) b WHERE b->>'type' = 'text'),
                   query, 'StartSel=«, StopSel=», MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "'),
               ts_rank_cd(m.search, query) AS hit_rank
        FROM all_messages m
        JOIN conversations c ON c.id = m.conversation_id AND c.user_id = m.user_id
        WHERE m.user_id = mosaic_user_id()
          AND (words IS NULL OR m.search @@ words)
          AND (prefixes IS NULL OR ts_match_vq(m.search, prefixes))
        ORDER BY hit_rank DESC, m.created_at DESC, m.id
        LIMIT max_hits OFFSET skip;
    END
    $$;

CREATE OR REPLACE FUNCTION count_message_hits(words tsquery, prefixes tsquery) RETURNS bigint
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$
    BEGIN
        RETURN (SELECT count(*) FROM all_messages m
                WHERE m.user_id = mosaic_user_id()
                  AND (words IS NULL OR m.search @@ words)
                  AND (prefixes IS NULL OR ts_match_vq(m.search, prefixes)));
    END
    $$;

-- Routing replay's look-up of V9, over both tables, as the replay's reads of each user's messages.
CREATE OR REPLACE FUNCTION message_askers_since(since timestamptz) RETURNS SETOF uuid
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT DISTINCT user_id FROM all_messages WHERE role = 'user' AND created_at >= since ORDER BY user_id $$;

-- Old agent log rows, moved whole: same columns, same policies (a user's rows are theirs, the
-- system's admins' only). Moving and deleting them is the owner's work, in the functions below,
-- since no acting user may touch the system's rows.
CREATE TABLE agent_logs_archive (LIKE agent_logs INCLUDING CONSTRAINTS);
ALTER TABLE agent_logs_archive
    ADD PRIMARY KEY (id),
    ADD FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE;
CREATE INDEX agent_logs_archive_job ON agent_logs_archive (job_id);
CREATE INDEX agent_logs_archive_user_at ON agent_logs_archive (user_id, at);
CREATE INDEX agent_logs_archive_at ON agent_logs_archive (at);
CREATE INDEX agent_logs_at ON agent_logs (at);

ALTER TABLE agent_logs_archive ENABLE ROW LEVEL SECURITY;
ALTER TABLE agent_logs_archive FORCE ROW LEVEL SECURITY;
-- As agent_logs; the application role may only read (GRANT below), so the check never comes into play.
CREATE POLICY own_rows ON agent_logs_archive FOR ALL
    USING (user_id = mosaic_user_id()) WITH CHECK (user_id = mosaic_user_id());
CREATE POLICY admins_read ON agent_logs_archive FOR SELECT USING (mosaic_is_admin());
GRANT SELECT ON agent_logs_archive TO "${appUser}";

-- The owner (this migration's role) may move and delete log rows, for the functions below only.
CREATE POLICY definer_tiering ON agent_logs FOR SELECT TO CURRENT_USER USING (true);
CREATE POLICY definer_tiering_delete ON agent_logs FOR DELETE TO CURRENT_USER USING (true);
CREATE POLICY definer_tiering ON agent_logs_archive FOR SELECT TO CURRENT_USER USING (true);
CREATE POLICY definer_tiering_insert ON agent_logs_archive FOR INSERT TO CURRENT_USER WITH CHECK (true);
CREATE POLICY definer_tiering_delete ON agent_logs_archive FOR DELETE TO CURRENT_USER USING (true);

-- Moves up to max_rows log rows written before a moment to the archive, oldest first, and returns
-- how many moved. Two runs at once move each row once: the later delete waits for the earlier and
-- then finds the row gone, so it neither returns nor copies it.
CREATE FUNCTION archive_agent_logs(logged_before timestamptz, max_rows integer) RETURNS integer
    LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ WITH moved AS (
              DELETE FROM agent_logs WHERE id IN (
                  SELECT id FROM agent_logs WHERE at < logged_before ORDER BY at LIMIT max_rows)
              RETURNING *),
          archived AS (INSERT INTO agent_logs_archive SELECT * FROM moved RETURNING 1)
          SELECT count(*)::integer FROM archived $$;

-- Deletes up to max_rows archived log rows written before a moment (the retention), oldest first.
CREATE FUNCTION delete_archived_agent_logs(logged_before timestamptz, max_rows integer) RETURNS integer
    LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ WITH deleted AS (
              DELETE FROM agent_logs_archive WHERE id IN (
                  SELECT id FROM agent_logs_archive WHERE at < logged_before ORDER BY at LIMIT max_rows)
              RETURNING 1)
          SELECT count(*)::integer FROM deleted $$;

REVOKE ALL ON FUNCTION conversations_to_archive(timestamptz, integer), conversations_quiet_since(timestamptz, integer),
    archive_agent_logs(timestamptz, integer), delete_archived_agent_logs(timestamptz, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION conversations_to_archive(timestamptz, integer), conversations_quiet_since(timestamptz, integer),
    archive_agent_logs(timestamptz, integer), delete_archived_agent_logs(timestamptz, integer) TO "${appUser}";
