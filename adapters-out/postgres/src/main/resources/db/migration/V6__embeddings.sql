-- Embedding vectors of a user's data (docs/adr/0005), each stored with the model that made it.
-- Vectors of different models, or of one model configured for different sizes, mean nothing next to
-- each other, so a search compares a query only with vectors of its own model and dimensions. The
-- vector column has no fixed dimension so that whichever model is configured fits.
--
-- What a vector embeds is named, not referenced: a kind (e.g. 'message') and the subject's id as
-- text, so any kind of thing can be embedded without a new table. Nothing removes a vector with its
-- subject, then: whoever deletes a subject deletes its vectors. All of a user's go with the user.

-- Installing the extension takes a superuser, which the database's setup is; this only makes sure it
-- is there, and a missing one fails here, by name, rather than at the first use of its type.
CREATE EXTENSION IF NOT EXISTS vector;

CREATE TABLE embeddings (
    id           uuid        PRIMARY KEY,
    user_id      uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    subject_kind text        NOT NULL CHECK (subject_kind ~ '^[a-z][a-z0-9_]{0,31}$'),
    subject_id   text        NOT NULL CHECK (subject_id <> ''),
    model        text        NOT NULL CHECK (model <> ''),
    -- The vector's length, kept beside it so a search can filter on it before computing any distance:
    -- pgvector refuses to compare vectors of different lengths.
    dimensions   integer     NOT NULL,
    vector       vector      NOT NULL,
    -- When this vector was made: a replaced vector takes the time of its replacement.
    created_at   timestamptz NOT NULL,
    CONSTRAINT embeddings_dimensions_match CHECK (dimensions = vector_dims(vector)),
    -- Embedding a subject again with the same model replaces its vector; other models' vectors stay.
    CONSTRAINT embeddings_one_per_subject_and_model UNIQUE (user_id, subject_kind, subject_id, model)
);

-- Search is exact: an approximate index (HNSW) needs a fixed dimension, so it would be a partial index
-- per model, worth adding once one model's vectors are many.
CREATE INDEX embeddings_by_model ON embeddings (user_id, model, dimensions);

ALTER TABLE embeddings ENABLE ROW LEVEL SECURITY;
ALTER TABLE embeddings FORCE ROW LEVEL SECURITY;
CREATE POLICY own_rows ON embeddings
    USING (user_id = mosaic_user_id()) WITH CHECK (user_id = mosaic_user_id());

-- UPDATE for replacing a vector (insert .. on conflict do update).
GRANT SELECT, INSERT, UPDATE, DELETE ON embeddings TO "${appUser}";
