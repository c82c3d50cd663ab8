package dev.mosaic.adapters.out.postgres;

import com.pgvector.PGvector;
import dev.mosaic.adapters.out.postgres.EmbeddingMapper.EmbeddingRow;
import dev.mosaic.application.port.out.embedding.Embedding;
import dev.mosaic.application.port.out.embedding.EmbeddingVectors;
import dev.mosaic.domain.user.UserId;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.apache.ibatis.session.SqlSessionFactory;

/** Vectors in pgvector's {@code vector} column, searched exactly by cosine distance. */
final class MyBatisEmbeddingVectors implements EmbeddingVectors {
    /** The most dimensions pgvector's {@code vector} type holds. */
    static final int MAX_DIMENSIONS = 16_000;

    private final SqlSessionFactory sessions;

    MyBatisEmbeddingVectors(SqlSessionFactory sessions) {
        this.sessions = sessions;
    }

    @Override
    public void store(UserId actor, Subject subject, Embedding embedding, Instant createdAt) {
        Objects.requireNonNull(createdAt, "createdAt");
        EmbeddingRow row = new EmbeddingRow(UUID.randomUUID(), actor.value(), subject.kind(), subject.id(),
                embedding.model(), embedding.dimensions(), vector(embedding), createdAt);
        UserScope.inTransaction(sessions, actor, session -> session.getMapper(EmbeddingMapper.class).store(row));
    }

    @Override
    public List<Match> nearest(UserId actor, Embedding query, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, not " + limit);
        }
        PGvector vector = vector(query);
        return UserScope.inTransaction(sessions, actor, session -> session.getMapper(EmbeddingMapper.class)
                        .nearest(actor.value(), query.model(), query.dimensions(), vector, limit)).stream()
                .map(r -> new Match(new Subject(r.subjectKind(), r.subjectId()), r.distance()))
                .toList();
    }

    @Override
    public int delete(UserId actor, Subject subject) {
        return UserScope.inTransaction(sessions, actor,
                session -> session.getMapper(EmbeddingMapper.class).delete(actor.value(), subject.kind(), subject.id()));
    }

    /** The driver's form of the vector; one too long is refused here, plainly, not by pgvector deep in a wrapped SQL error. */
    static PGvector vector(Embedding embedding) {
        if (embedding.dimensions() > MAX_DIMENSIONS) {
            throw new IllegalArgumentException("a vector of model '" + embedding.model() + "' has " + embedding.dimensions()
                    + " dimensions; PostgreSQL (pgvector) stores at most " + MAX_DIMENSIONS);
        }
        return new PGvector(embedding.vector());
    }
}
