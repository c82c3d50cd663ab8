-- Users, their API tokens, conversations and messages, all guarded by row-level security.
--
-- created_at columns hold the application's time (the domain's records carry it); updated_at
-- columns are bookkeeping by the database clock.
--
-- Runs as the owner role. The application role (placeholder appUser) is neither owner nor
-- superuser, so the policies below decide what it sees: only the rows of the user named by the
-- transaction-local setting mosaic.user_id (set by UserScope), and nothing when none is set.

-- The acting user, or null when none is set. current_setting(.., true) is null in a session that
-- never set it but '' once a transaction-local set_config has ended, and ''::uuid would fail.
CREATE FUNCTION mosaic_user_id() RETURNS uuid
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT nullif(current_setting('mosaic.user_id', true), '')::uuid $$;

CREATE TABLE users (
    id         uuid        PRIMARY KEY,
    username   text        NOT NULL CONSTRAINT users_username_unique UNIQUE,
    created_at timestamptz NOT NULL
);

CREATE TABLE api_tokens (
    id          uuid        PRIMARY KEY,
    user_id     uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name        text        NOT NULL,
    secret_hash bytea       NOT NULL UNIQUE,
    created_at  timestamptz NOT NULL,
    expires_at  timestamptz,
    revoked_at  timestamptz
);

CREATE TABLE conversations (
    id         uuid        PRIMARY KEY,
    user_id    uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    title      text        NOT NULL,
    created_at timestamptz NOT NULL,
    -- Last activity: set when a message is appended.
    updated_at timestamptz NOT NULL DEFAULT now(),
    -- Target of the messages' composite key, which ties a message to a conversation of its own user.
    UNIQUE (id, user_id)
);

CREATE TABLE messages (
    id                     uuid        PRIMARY KEY,
    -- Insertion order; created_at alone cannot order messages stored within the same microsecond.
    position               bigint      GENERATED ALWAYS AS IDENTITY,
    conversation_id        uuid        NOT NULL,
    user_id                uuid        NOT NULL,
    role                   text        NOT NULL CHECK (role IN ('user', 'assistant', 'tool')),
    status                 text        NOT NULL CHECK (status IN ('streaming', 'complete', 'partial')),
    -- The content blocks as a JSON array; the adapter's ContentJson defines the format.
    content                jsonb       NOT NULL CHECK (jsonb_typeof(content) = 'array'),
    -- How an assistant message was generated; all null for other messages.
    provider               text,
    model                  text,
    input_tokens           bigint      CHECK (input_tokens >= 0),
    output_tokens          bigint      CHECK (output_tokens >= 0),
    cached_input_tokens    bigint      CHECK (cached_input_tokens >= 0),
    stop_reason            text,
    time_to_first_token_ms bigint,
    duration_ms            bigint,
    error_code             text,
    error_message          text,
    created_at             timestamptz NOT NULL,
    updated_at             timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (conversation_id, user_id) REFERENCES conversations (id, user_id) ON DELETE CASCADE,
    CONSTRAINT assistant_has_generation CHECK (role <> 'assistant' OR provider IS NOT NULL),
    CONSTRAINT generation_complete CHECK (provider IS NULL OR (model IS NOT NULL
        AND input_tokens IS NOT NULL AND output_tokens IS NOT NULL AND cached_input_tokens IS NOT NULL)),
    CONSTRAINT error_complete CHECK ((error_code IS NULL) = (error_message IS NULL))
);

CREATE INDEX messages_conversation_position ON messages (conversation_id, position);

-- FORCE makes the policies bind the owner too: a query run as the owner is confined like the
-- application's, but for the two read-only exceptions made below for the look-up functions.
ALTER TABLE users ENABLE ROW LEVEL SECURITY;
ALTER TABLE users FORCE ROW LEVEL SECURITY;
CREATE POLICY own_rows ON users
    USING (id = mosaic_user_id()) WITH CHECK (id = mosaic_user_id());

ALTER TABLE api_tokens ENABLE ROW LEVEL SECURITY;
ALTER TABLE api_tokens FORCE ROW LEVEL SECURITY;
CREATE POLICY own_rows ON api_tokens
    USING (user_id = mosaic_user_id()) WITH CHECK (user_id = mosaic_user_id());

ALTER TABLE conversations ENABLE ROW LEVEL SECURITY;
ALTER TABLE conversations FORCE ROW LEVEL SECURITY;
CREATE POLICY own_rows ON conversations
    USING (user_id = mosaic_user_id()) WITH CHECK (user_id = mosaic_user_id());

ALTER TABLE messages ENABLE ROW LEVEL SECURITY;
ALTER TABLE messages FORCE ROW LEVEL SECURITY;
CREATE POLICY own_rows ON messages
    USING (user_id = mosaic_user_id()) WITH CHECK (user_id = mosaic_user_id());

-- The two look-ups that run before a user is known. They are SECURITY DEFINER, so they run as the
-- owner; these read-only policies let the owner (the role running this migration) read the two
-- tables they search. The application role gets nothing from them.
CREATE POLICY definer_lookups ON users FOR SELECT TO CURRENT_USER USING (true);
CREATE POLICY definer_lookups ON api_tokens FOR SELECT TO CURRENT_USER USING (true);

-- A fixed search_path keeps a caller from substituting its own objects (pg_temp last, as the
-- PostgreSQL manual advises for SECURITY DEFINER functions).
CREATE FUNCTION api_token_by_secret_hash(wanted_hash bytea) RETURNS SETOF api_tokens
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT * FROM api_tokens WHERE secret_hash = wanted_hash $$;

CREATE FUNCTION user_id_by_username(wanted_username text) RETURNS uuid
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT id FROM users WHERE username = wanted_username $$;

REVOKE ALL ON FUNCTION mosaic_user_id(), api_token_by_secret_hash(bytea), user_id_by_username(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION mosaic_user_id(), api_token_by_secret_hash(bytea), user_id_by_username(text)
    TO "${appUser}";

GRANT SELECT, INSERT, UPDATE, DELETE ON users, api_tokens, conversations, messages TO "${appUser}";
GRANT USAGE ON SEQUENCE messages_position_seq TO "${appUser}";
