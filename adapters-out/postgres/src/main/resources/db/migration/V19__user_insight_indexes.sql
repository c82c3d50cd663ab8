-- An HNSW index of one user's insight vectors of one model, for users with many (docs/adr/0018).
-- The shared indexes of V18 hold every user's vectors of a model; a search for one user's nearest
-- through them passes over other users' vectors near the query until it has found enough of the
-- user's own, which for a user with thousands of insights costs more than the latency target allows.
-- A partial index over one user's vectors holds nothing else; a search that names the user, the model
-- and the size (as a plan made for its own parameters does: MemoryMapper.planForThisSearch) implies
-- its predicate, and the planner takes the smaller index.
--
-- These indexes are made and dropped while the gateway runs, by the insight-index job, as the owner
-- role (the only one allowed to), with CREATE/DROP INDEX CONCURRENTLY, so that other users' writes
-- never wait for a build. The functions below are the owner's only: the names and definitions are
-- made here, next to V18's, from a user id, a model name and a size quoted by PostgreSQL itself.

-- 'insight_hnsw_user_', the user's id in 32 hex digits, '_' and 8 hex digits of the model and size:
-- 59 characters, within PostgreSQL's 63; the user is read back from it.
CREATE FUNCTION user_insight_index_name(owner uuid, model text, dimensions integer) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT SET search_path = public, pg_temp
    AS $$ SELECT 'insight_hnsw_user_' || replace(owner::text, '-', '') || '_'
                 || left(md5(model || '/' || dimensions::text), 8) $$;

-- The statement that builds the index: the expression, operator class and denser graph of V18's
-- indexes (the search's ORDER BY matches the expression; with pgvector's default of 16 links a user's
-- own notes, bunched around a few subjects, were found with a recall@10 of 0.97 and as little as 0.7
-- for one query, docs/benchmarks.md), and the predicate with the user, model and size as literals.
CREATE FUNCTION user_insight_index_definition(owner uuid, model text, dimensions integer) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT SET search_path = public, pg_temp
    AS $$ SELECT format('CREATE INDEX CONCURRENTLY %I ON embeddings USING hnsw ((vector::vector(%s)) vector_cosine_ops)'
                        || ' WITH (m = 32, ef_construction = 128)'
                        || ' WHERE user_id = %L::uuid AND model = %L AND dimensions = %s',
                        user_insight_index_name(owner, model, dimensions), dimensions, owner, model, dimensions) $$;

-- The users' indexes present now: name, whether usable (a build that failed or was cut off leaves an
-- invalid one, dropped and built again), whose, and how many of that user's insight vectors it holds
-- now (0 once they are forgotten, retired or embedded with another model). The owner reads every
-- user's vectors through V17's definer_read policy.
CREATE FUNCTION user_insight_indexes()
    RETURNS TABLE (index_name text, usable boolean, user_id uuid, vectors bigint)
    LANGUAGE sql STABLE SET search_path = public, pg_temp
    AS $$ SELECT c.relname::text, x.indisvalid, substr(c.relname, 19, 32)::uuid,
                 (SELECT count(*) FROM embeddings e
                  WHERE e.user_id = substr(c.relname, 19, 32)::uuid AND e.subject_kind = 'insight'
                    AND user_insight_index_name(e.user_id, e.model, e.dimensions) = c.relname)
          FROM pg_index x JOIN pg_class c ON c.oid = x.indexrelid
          WHERE x.indrelid = 'embeddings'::regclass AND c.relname ~ '^insight_hnsw_user_[0-9a-f]{32}_[0-9a-f]{8}$'
          ORDER BY c.relname $$;

REVOKE ALL ON FUNCTION user_insight_index_name(uuid, text, integer),
    user_insight_index_definition(uuid, text, integer), user_insight_indexes() FROM PUBLIC;
