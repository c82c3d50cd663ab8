package dev.mosaic.adapters.out.postgres;

import com.pgvector.PGvector;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.ibatis.annotations.Delete;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Select;

/** SQL for {@link MyBatisEmbeddingVectors}; every statement runs inside a {@link UserScope}. */
interface EmbeddingMapper {

    record EmbeddingRow(UUID id, UUID userId, String subjectKind, String subjectId, String model, int dimensions,
            PGvector vector, Instant createdAt) {}

    record MatchRow(String subjectKind, String subjectId, double distance) {}

    /** A replaced vector keeps its row's id and takes everything else. */
    @Insert("""
            insert into embeddings (id, user_id, subject_kind, subject_id, model, dimensions, vector, created_at)
            values (#{id}, #{userId}, #{subjectKind}, #{subjectId}, #{model}, #{dimensions}, #{vector}, #{createdAt})
            on conflict (user_id, subject_kind, subject_id, model) do update
            set dimensions = excluded.dimensions, vector = excluded.vector, created_at = excluded.created_at""")
    int store(EmbeddingRow row);

    /**
     * {@code <=>} is pgvector's cosine distance. The model and dimensions filters come first: they keep
     * incomparable vectors out, and pgvector fails on vectors of different lengths. Ties are ordered as
     * Java orders strings, whatever the database's collation.
     */
    @Select("""
            select subject_kind, subject_id, vector <=> #{query} as distance
            from embeddings
            where user_id = #{actor} and model = #{model} and dimensions = #{dimensions}
            order by distance, subject_kind collate "C", subject_id collate "C"
            limit #{limit}""")
    List<MatchRow> nearest(UUID actor, String model, int dimensions, PGvector query, int limit);

    @Delete("delete from embeddings where user_id = #{actor} and subject_kind = #{subjectKind} and subject_id = #{subjectId}")
    int delete(UUID actor, String subjectKind, String subjectId);
}
