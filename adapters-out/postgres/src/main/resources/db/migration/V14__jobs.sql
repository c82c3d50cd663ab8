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
