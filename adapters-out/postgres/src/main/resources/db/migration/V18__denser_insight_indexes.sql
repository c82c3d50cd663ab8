-- The insight indexes of V15 rebuilt with a denser graph (each vector linked to 32 neighbours, not
-- 16, chosen from 128 candidates, not 64). People's notes bunch around a few subjects that other
-- users' notes share; in the sparser graph a search for one user's notes near such a subject could
-- settle among the neighbouring subject's vectors and find none of the user's ten nearest
-- (docs/benchmarks.md, memory search). The denser graph costs twice the links and a slower build,
-- paid once here: rebuilding blocks writes of vectors while it runs, a few minutes per 100,000.
DROP INDEX embeddings_hnsw_bge_small_en_v1_5;
DROP INDEX embeddings_hnsw_ollama_nomic_embed_text;
DROP INDEX embeddings_hnsw_ollama_mxbai_embed_large;

CREATE INDEX embeddings_hnsw_bge_small_en_v1_5 ON embeddings
    USING hnsw ((vector::vector(384)) vector_cosine_ops) WITH (m = 32, ef_construction = 128)
    WHERE model = 'bge-small-en-v1.5' AND dimensions = 384;
CREATE INDEX embeddings_hnsw_ollama_nomic_embed_text ON embeddings
    USING hnsw ((vector::vector(768)) vector_cosine_ops) WITH (m = 32, ef_construction = 128)
    WHERE model = 'ollama/nomic-embed-text' AND dimensions = 768;
CREATE INDEX embeddings_hnsw_ollama_mxbai_embed_large ON embeddings
    USING hnsw ((vector::vector(1024)) vector_cosine_ops) WITH (m = 32, ef_construction = 128)
    WHERE model = 'ollama/mxbai-embed-large' AND dimensions = 1024;
