-- Listing conversations by last activity, archiving them, and full-text search over messages.

ALTER TABLE conversations
    ADD COLUMN archived_at      timestamptz,
    ADD COLUMN last_activity_at timestamptz;

-- The backfill must see every user's rows; row-level security binds the owner too, so it is
-- lifted for this one statement of this transaction.
ALTER TABLE conversations NO FORCE ROW LEVEL SECURITY;
ALTER TABLE messages NO FORCE ROW LEVEL SECURITY;
UPDATE conversations c
SET last_activity_at = coalesce((SELECT max(m.created_at) FROM messages m WHERE m.conversation_id = c.id), c.created_at);
ALTER TABLE conversations FORCE ROW LEVEL SECURITY;
ALTER TABLE messages FORCE ROW LEVEL SECURITY;

ALTER TABLE conversations ALTER COLUMN last_activity_at SET DEFAULT now();
ALTER TABLE conversations ALTER COLUMN last_activity_at SET NOT NULL;

CREATE INDEX conversations_by_activity ON conversations (user_id, last_activity_at DESC, id);

-- What a person wrote or read: the text blocks of a message (not thinking, not tool arguments).
-- Generated and stored, so it can never disagree with the content, and goes when the row goes.
ALTER TABLE messages
    ADD COLUMN search tsvector GENERATED ALWAYS AS (
        to_tsvector('english', jsonb_path_query_array(content, '$[*] ? (@.type == "text").text'))
    ) STORED;

CREATE INDEX messages_search ON messages USING gin (search);
CREATE INDEX messages_by_user ON messages (user_id, created_at DESC);
