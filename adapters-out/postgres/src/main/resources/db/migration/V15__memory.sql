-- Memory that belongs to one user: preferences (named values applied to every conversation) and
-- insights (facts worth remembering, searched by meaning through their vectors in embeddings, filed
-- there under the kind 'insight' and the insight's id).

CREATE TABLE preferences (
    user_id    uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- The service allows the same: a name a person can type in a URL path without escaping.
    key        text        NOT NULL CHECK (key ~ '^[a-z][a-z0-9_.-]{0,63}$'),
    value      text        NOT NULL CHECK (length(value) BETWEEN 1 AND 2000),
    updated_at timestamptz NOT NULL,
    PRIMARY KEY (user_id, key)
);

CREATE TABLE insights (
    id              uuid        PRIMARY KEY,
    user_id         uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    text            text        NOT NULL CHECK (length(text) BETWEEN 1 AND 4000),
    -- Where it came from, when it came from a conversation of the same user; deleting the
    -- conversation keeps the insight and forgets only where it came from.
    conversation_id uuid,
    message_id      uuid,
    created_at      timestamptz NOT NULL,
    -- When it was last given to a model or found by a search; relevance decays from here.
    last_used_at    timestamptz NOT NULL,
    FOREIGN KEY (conversation_id, user_id) REFERENCES conversations (id, user_id) ON DELETE SET NULL (conversation_id)
);

CREATE INDEX insights_newest_first ON insights (user_id, created_at DESC, id);

ALTER TABLE preferences ENABLE ROW LEVEL SECURITY;
ALTER TABLE preferences FORCE ROW LEVEL SECURITY;
CREATE POLICY own_rows ON preferences
    USING (user_id = mosaic_user_id()) WITH CHECK (user_id = mosaic_user_id());

ALTER TABLE insights ENABLE ROW LEVEL SECURITY;
ALTER TABLE insights FORCE ROW LEVEL SECURITY;
CREATE POLICY own_rows ON insights
    USING (user_id = mosaic_user_id()) WITH CHECK (user_id = mosaic_user_id());

GRANT SELECT, INSERT, UPDATE, DELETE ON preferences, insights TO "${appUser}";

-- Approximate search (HNSW, cosine) for the models the gateway ships settings for. An HNSW index
-- needs a fixed dimension, so each is a partial index over one model's vectors cast to its size; a
-- query uses it only when it names the same model, size and cast as literals. Other models are
-- searched exactly, through embeddings_by_model. A user with few vectors is searched exactly too,
-- through that index, which the planner prefers when the user's share of the rows is small.
CREATE INDEX embeddings_hnsw_bge_small_en_v1_5 ON embeddings
    USING hnsw ((vector::vector(384)) vector_cosine_ops)
    WHERE model = 'bge-small-en-v1.5' AND dimensions = 384;
CREATE INDEX embeddings_hnsw_ollama_nomic_embed_text ON embeddings
    USING hnsw ((vector::vector(768)) vector_cosine_ops)
    WHERE model = 'ollama/nomic-embed-text' AND dimensions = 768;
CREATE INDEX embeddings_hnsw_ollama_mxbai_embed_large ON embeddings
    USING hnsw ((vector::vector(1024)) vector_cosine_ops)
    WHERE model = 'ollama/mxbai-embed-large' AND dimensions = 1024;
