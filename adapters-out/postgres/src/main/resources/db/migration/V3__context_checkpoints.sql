-- Context checkpoints: summaries that stand in for a conversation's oldest messages in what is sent
-- to a model. The messages they cover are never changed; a checkpoint only records which ones it
-- replaces (up to and including last_covered) and who wrote it.

CREATE TABLE context_checkpoints (
    id               uuid        PRIMARY KEY,
    conversation_id  uuid        NOT NULL,
    user_id          uuid        NOT NULL,
    summary          text        NOT NULL,
    first_covered    uuid        NOT NULL,
    last_covered     uuid        NOT NULL,
    messages_covered integer     NOT NULL CHECK (messages_covered > 0),
    tokens_covered   bigint      NOT NULL,
    summary_tokens   bigint      NOT NULL,
    provider         text        NOT NULL,
    model            text        NOT NULL,
    created_at       timestamptz NOT NULL,
    position         bigint      GENERATED ALWAYS AS IDENTITY,
    -- Only into a conversation of the same user; gone with the conversation.
    FOREIGN KEY (conversation_id, user_id) REFERENCES conversations (id, user_id) ON DELETE CASCADE
);

CREATE INDEX context_checkpoints_by_conversation ON context_checkpoints (conversation_id, position);

ALTER TABLE context_checkpoints ENABLE ROW LEVEL SECURITY;
ALTER TABLE context_checkpoints FORCE ROW LEVEL SECURITY;
CREATE POLICY own_rows ON context_checkpoints
    USING (user_id = mosaic_user_id()) WITH CHECK (user_id = mosaic_user_id());

GRANT SELECT, INSERT, DELETE ON context_checkpoints TO "${appUser}";
