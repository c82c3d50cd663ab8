package dev.mosaic.adapters.out.postgres;

import static dev.mosaic.adapters.out.postgres.TestDatabase.column;
import static dev.mosaic.adapters.out.postgres.TestDatabase.update;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.application.contract.EmbeddingVectorsContract;
import dev.mosaic.application.fakes.InMemoryEmbeddingVectors;
import dev.mosaic.application.port.out.embedding.Embedding;
import dev.mosaic.application.port.out.embedding.EmbeddingVectors;
import dev.mosaic.application.port.out.embedding.EmbeddingVectors.Match;
import dev.mosaic.application.port.out.embedding.EmbeddingVectors.Subject;
import dev.mosaic.domain.user.UserId;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The contract against PostgreSQL and pgvector, and what the database itself adds to it. */
class PostgresEmbeddingVectorsContractTest extends EmbeddingVectorsContract {
    private static final PostgresDatabase database = TestDatabase.shared();
    private static final String CHECK_VIOLATION = "23514";

    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    @Override
    protected EmbeddingVectors vectors() {
        return database.embeddingVectors();
    }

    @Override
    protected UserId newUser() {
        return TestDatabase.newUser(database);
    }

    @Test
    void vectorsOfAnEmbeddingModelsSizeComeBackInTheOrderOfTheirAngleToTheQuery() {
        UserId alice = newUser();
        Random random = new Random(384);
        float[] query = unitVector(random, 384);
        // The i-th vector strays from the query by i times as much noise, so its distance grows with i.
        List<Subject> byDistance = new ArrayList<>();
        List<Integer> order = new ArrayList<>(IntStream.range(0, 20).boxed().toList());
        Collections.shuffle(order, random);
        float[][] stored = new float[20][];
        for (int i = 0; i < 20; i++) {
            float[] noise = unitVector(random, 384);
            stored[i] = new float[384];
            for (int d = 0; d < 384; d++) {
                stored[i][d] = query[d] + 0.15f * i * noise[d];
            }
            byDistance.add(new Subject("message", "m" + i));
        }
        for (int i : order) {
            vectors().store(alice, byDistance.get(i), new Embedding("bge-small-en-v1.5", stored[i]), now);
        }

        List<Match> nearest = vectors().nearest(alice, new Embedding("bge-small-en-v1.5", query), 5);
        assertEquals(byDistance.subList(0, 5), nearest.stream().map(Match::subject).toList());
        for (int i = 0; i < 5; i++) {
            assertEquals(InMemoryEmbeddingVectors.cosineDistance(query, stored[i]), nearest.get(i).distance(), 1e-5,
                    "distance of m" + i);
        }
    }

    @Test
    void theRowHoldsTheModelItsDimensionsAndTheVectorAsGiven() throws SQLException {
        UserId alice = newUser();
        vectors().store(alice, new Subject("insight", "i-1"), new Embedding("ollama/nomic-embed-text",
                new float[] {0.25f, -1.5f, 3f}), now);

        try (Connection app = TestDatabase.connectAsApp()) {
            app.setAutoCommit(false);
            actAs(app, alice);
            assertEquals(List.of("insight|i-1|ollama/nomic-embed-text|3|[0.25,-1.5,3]|" + alice), column(app,
                    "select concat_ws('|', subject_kind, subject_id, model, dimensions, vector::text, user_id)"
                            + " from embeddings"));
            app.rollback();
        }
    }

    @Test
    void theDatabaseRefusesDimensionsThatDisagreeWithTheVector() throws SQLException {
        UserId alice = newUser();
        try (Connection app = TestDatabase.connectAsApp()) {
            app.setAutoCommit(false);
            actAs(app, alice);
            SQLException refused = assertThrows(SQLException.class, () -> update(app, """
                    insert into embeddings (id, user_id, subject_kind, subject_id, model, dimensions, vector, created_at)
                    values (gen_random_uuid(), ?, 'message', 'm', 'bge-small-en-v1.5', 384, '[1,0,0]', now())""",
                    alice.value()));
            assertEquals(CHECK_VIOLATION, refused.getSQLState(), refused.getMessage());
            assertTrue(refused.getMessage().contains("embeddings_dimensions_match"), refused.getMessage());
            app.rollback();
        }
    }

    @Test
    void aVectorLongerThanPgvectorHoldsIsRefusedWithAPlainMessage() {
        UserId alice = newUser();
        Subject subject = new Subject("message", "huge");
        float[] huge = new float[MyBatisEmbeddingVectors.MAX_DIMENSIONS + 1];
        huge[0] = 1;
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> vectors().store(alice, subject, new Embedding("huge-model", huge), now));
        assertEquals("a vector of model 'huge-model' has 16001 dimensions; PostgreSQL (pgvector) stores at most 16000",
                refused.getMessage());
        assertEquals(0, vectors().delete(alice, subject));
    }

    @Test
    void theDatabaseKeepsUsersVectorsApart() throws SQLException {
        UserId alice = newUser();
        UserId bob = newUser();
        vectors().store(bob, new Subject("message", "bobs"), new Embedding("m", new float[] {1, 0}), now);
        try (Connection app = TestDatabase.connectAsApp()) {
            assertEquals(List.of("0"), column(app, "select count(*) from embeddings"), "no user set: no row at all");
            app.setAutoCommit(false);
            actAs(app, alice);
            assertEquals(List.of("0"), column(app, "select count(*) from embeddings"), "bob's row is invisible to alice");
            assertEquals(0, update(app, "delete from embeddings where user_id = ?", bob.value()));
            SQLException refused = assertThrows(SQLException.class, () -> update(app, """
                    insert into embeddings (id, user_id, subject_kind, subject_id, model, dimensions, vector, created_at)
                    values (gen_random_uuid(), ?, 'message', 'forged', 'm', 2, '[0,1]', now())""", bob.value()));
            assertEquals(SqlErrors.INSUFFICIENT_PRIVILEGE, refused.getSQLState(), refused.getMessage());
            app.rollback();
        }
        assertEquals(List.of(new Subject("message", "bobs")),
                vectors().nearest(bob, new Embedding("m", new float[] {1, 0}), 10).stream().map(Match::subject).toList());
    }

    /** Deletes only the user it made itself, so no other test sharing the database is affected. */
    @Test
    void aUsersVectorsGoWithTheUser() throws SQLException {
        UserId carol = newUser();
        vectors().store(carol, new Subject("message", "m"), new Embedding("m", new float[] {1, 0}), now);
        try (Connection app = TestDatabase.connectAsApp()) {
            app.setAutoCommit(false);
            actAs(app, carol);
            assertEquals(1, update(app, "delete from users where id = ?", carol.value()));
            assertEquals(List.of("0"), column(app, "select count(*) from embeddings where user_id = ?", carol.value()));
            app.commit();
        }
    }

    private static void actAs(Connection app, UserId user) throws SQLException {
        column(app, "select set_config('mosaic.user_id', ?, true)", user.toString());
    }

    private static float[] unitVector(Random random, int dimensions) {
        float[] vector = new float[dimensions];
        double norm = 0;
        for (int d = 0; d < dimensions; d++) {
            vector[d] = (float) random.nextGaussian();
            norm += vector[d] * vector[d];
        }
        for (int d = 0; d < dimensions; d++) {
            vector[d] /= (float) Math.sqrt(norm);
        }
        return vector;
    }
}
