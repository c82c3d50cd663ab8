-- The agent log: every background job's start, completion, retry and failure. A row names the user
-- the job acted for, or none for the system's own work (garbage collection, schedules).

CREATE TABLE agent_logs (
    id          bigserial   PRIMARY KEY,
    user_id     uuid        REFERENCES users (id) ON DELETE CASCADE,
    job_id      uuid        NOT NULL,
    job_type    text        NOT NULL,
    queue       text        NOT NULL,
    attempt     integer     NOT NULL CHECK (attempt >= 0),
    outcome     text        NOT NULL CHECK (outcome IN ('started', 'completed', 'retrying', 'failed', 'dead')),
    duration_ms bigint      NOT NULL CHECK (duration_ms >= 0),
    -- The failure's message; the stack stays with the job in the queue, for admins.
    error       text,
    at          timestamptz NOT NULL
);

CREATE INDEX agent_logs_job ON agent_logs (job_id);
CREATE INDEX agent_logs_user_at ON agent_logs (user_id, at);

-- A user's rows are that user's alone; rows of the system's work are written by the job runtime
-- acting as nobody, and read by admins only. Nothing updates or deletes the log but retention.
ALTER TABLE agent_logs ENABLE ROW LEVEL SECURITY;
ALTER TABLE agent_logs FORCE ROW LEVEL SECURITY;
CREATE POLICY own_rows ON agent_logs FOR ALL
    USING (user_id = mosaic_user_id()) WITH CHECK (user_id = mosaic_user_id());
CREATE POLICY system_rows ON agent_logs FOR INSERT WITH CHECK (user_id IS NULL AND mosaic_user_id() IS NULL);
CREATE POLICY admins_read ON agent_logs FOR SELECT USING (mosaic_is_admin());

GRANT SELECT, INSERT ON agent_logs TO "${appUser}";
GRANT USAGE ON SEQUENCE agent_logs_id_seq TO "${appUser}";

-- What the summarization job wrote about a conversation that went idle: one summary per
-- conversation, replaced when the conversation has been active again since. Memory reads these.
CREATE TABLE conversation_summaries (
    conversation_id  uuid        PRIMARY KEY,
    user_id          uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    summary          text        NOT NULL CHECK (length(summary) > 0),
    messages_covered integer     NOT NULL CHECK (messages_covered > 0),
    -- The conversation's last activity (conversations.updated_at, to the millisecond) it covers.
    activity_at      timestamptz NOT NULL,
    provider         text        NOT NULL,
    model            text        NOT NULL,
    created_at       timestamptz NOT NULL,
    FOREIGN KEY (conversation_id, user_id) REFERENCES conversations (id, user_id) ON DELETE CASCADE
);

ALTER TABLE conversation_summaries ENABLE ROW LEVEL SECURITY;
ALTER TABLE conversation_summaries FORCE ROW LEVEL SECURITY;
CREATE POLICY own_rows ON conversation_summaries FOR ALL
    USING (user_id = mosaic_user_id()) WITH CHECK (user_id = mosaic_user_id());
-- For the look-up below, which runs as the owner (this migration's role).
CREATE POLICY definer_read ON conversation_summaries FOR SELECT TO CURRENT_USER USING (true);

-- Which conversations went idle before a moment with activity no summary covers yet: ids and
-- that activity only, oldest first. The job that summarizes one then reads it as its user.
CREATE FUNCTION conversations_to_summarize(idle_before timestamptz, max_count integer)
    RETURNS TABLE (user_id uuid, conversation_id uuid, activity_at timestamptz)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT c.user_id, c.id, date_trunc('milliseconds', c.updated_at)
          FROM conversations c LEFT JOIN conversation_summaries s ON s.conversation_id = c.id
          WHERE c.updated_at < idle_before
            AND (s.activity_at IS NULL OR s.activity_at < date_trunc('milliseconds', c.updated_at))
            AND EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = c.id)
          ORDER BY c.updated_at LIMIT max_count $$;

REVOKE ALL ON FUNCTION conversations_to_summarize(timestamptz, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION conversations_to_summarize(timestamptz, integer) TO "${appUser}";
GRANT SELECT, INSERT, UPDATE, DELETE ON conversation_summaries TO "${appUser}";
