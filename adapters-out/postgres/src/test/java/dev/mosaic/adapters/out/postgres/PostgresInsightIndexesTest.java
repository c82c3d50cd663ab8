package dev.mosaic.adapters.out.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.application.fakes.InMemoryEmbeddingVectors;
import dev.mosaic.application.port.out.InsightIndexes;
import dev.mosaic.application.port.out.Memories;
import dev.mosaic.application.port.out.embedding.Embedding;
import dev.mosaic.application.port.out.embedding.VectorSpace;
import dev.mosaic.application.service.InsightIndexJobs;
import dev.mosaic.domain.memory.Insight;
import dev.mosaic.domain.memory.InsightId;
import dev.mosaic.domain.user.UserId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import org.apache.ibatis.binding.MapperMethod;
import org.apache.ibatis.mapping.BoundSql;
import org.apache.ibatis.mapping.ParameterMapping;
import org.junit.jupiter.api.Test;

/**
 * Users' own insight indexes (V19): built for a user past the threshold and for no one below it,
 * chosen by the plan of that user's searches as the application role makes them, finding what an
 * exact search finds and nothing of anyone else's, and dropped once the user forgets everything.
 */
class PostgresInsightIndexesTest {
    private static final PostgresDatabase database = TestDatabase.shared();
    private static final int THRESHOLD = 10;
    /** A model of its own per test run: the sweep finds only this test's users. */
    private final VectorSpace space = new VectorSpace("index-test-" + UUID.randomUUID(), 8);
    private final Memories memories = database.memories();
    private final InsightIndexes indexes = database.insightIndexes();
    private final InsightIndexJobs jobs = new InsightIndexJobs(indexes, () -> space,
            new InsightIndexJobs.Settings(THRESHOLD, 100));
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    private final SplittableRandom random = new SplittableRandom(7);

    @Test
    void aUserPastTheThresholdIsSearchedThroughAnIndexOfTheirOwnUntilTheyForgetEverything() {
        UserId alice = TestDatabase.newUser(database);
        UserId bob = TestDatabase.newUser(database);
        UserId carol = TestDatabase.newUser(database);
        Map<InsightId, float[]> alices = save(alice, 14);
        save(bob, THRESHOLD - 1);
        float[] query = randomVector();
        // Carol's insights lie exactly where Alice's query points: nearer than any of Alice's.
        for (int i = 0; i < 12; i++) {
            saveInsight(carol, query.clone());
        }

        InsightIndexJobs.Outcome outcome = jobs.sweep();
        String alicesIndex = indexName(alice);
        assertTrue(outcome.created().contains(alicesIndex), outcome.toString());
        assertTrue(outcome.created().contains(indexName(carol)), outcome.toString());
        assertFalse(outcome.created().contains(indexName(bob)), "below the threshold: " + outcome);
        assertTrue(present(alicesIndex), "usable, listed with its user");
        assertTrue(indexes.present().stream().anyMatch(p -> p.name().equals(alicesIndex) && p.owner().equals(alice)
                && p.vectors() == 14));
        assertEquals(List.of(), jobs.sweep().created(), "a second sweep finds nothing to build");

        Embedding embedding = new Embedding(space.model(), query);
        String plan = String.join("\n", planOfSearch(alice, embedding));
        assertTrue(plan.contains("Index Scan using " + alicesIndex), plan);
        assertFalse(String.join("\n", planOfSearch(bob, embedding)).contains("insight_hnsw_user_"),
                "a user without an index of their own is searched without one");

        List<Memories.Match> found = memories.nearestInsights(alice, embedding, 5);
        assertEquals(exact(alices, query, 5), found.stream().map(m -> m.insight().id()).toList(),
                "the index finds what an exact search does");
        assertTrue(alices.keySet().containsAll(found.stream().map(m -> m.insight().id()).toList()),
                "nothing of Carol's, though hers are nearer");

        memories.forgetAll(alice);
        InsightIndexJobs.Outcome afterForgetting = jobs.sweep();
        assertTrue(afterForgetting.dropped().contains(alicesIndex), afterForgetting.toString());
        assertFalse(present(alicesIndex));
        assertTrue(present(indexName(carol)), "other users' indexes stay");
        assertEquals(List.of(), memories.nearestInsights(alice, embedding, 5));

        memories.forgetAll(carol);
        assertTrue(jobs.sweep().dropped().contains(indexName(carol)));
    }

    @Test
    void anIndexWhoseBuildWasCutOffIsBuiltAgain() throws SQLException {
        UserId dave = TestDatabase.newUser(database);
        save(dave, THRESHOLD);
        String name = indexName(dave);
        // What a build stopped part-way leaves: an invalid index of the name (here, a unique one that
        // could not be, every row of the user's having the same user id).
        try (Connection owner = TestDatabase.connectAsOwner(); Statement statement = owner.createStatement()) {
            statement.execute("create unique index concurrently " + name + " on embeddings (user_id) where user_id = '"
                    + dave.value() + "'");
        } catch (SQLException expected) {
            // could not create unique index
        }
        assertTrue(indexes.present().stream().anyMatch(p -> p.name().equals(name) && !p.usable()));
        InsightIndexJobs.Outcome outcome = jobs.sweep();
        assertTrue(outcome.created().contains(name), outcome.toString());
        assertTrue(present(name));
        memories.forgetAll(dave);
        assertTrue(jobs.sweep().dropped().contains(name));
    }

    private Map<InsightId, float[]> save(UserId user, int count) {
        Map<InsightId, float[]> saved = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            float[] vector = randomVector();
            saved.put(saveInsight(user, vector), vector);
        }
        return saved;
    }

    private InsightId saveInsight(UserId user, float[] vector) {
        Insight insight = new Insight(InsightId.random(), "fact", null, null, now, now);
        memories.saveInsight(user, insight, new Embedding(space.model(), vector));
        return insight.id();
    }

    private float[] randomVector() {
        float[] vector = new float[space.dimensions()];
        for (int d = 0; d < vector.length; d++) {
            vector[d] = (float) (random.nextDouble() * 2 - 1);
        }
        return vector;
    }

    private static List<InsightId> exact(Map<InsightId, float[]> vectors, float[] query, int k) {
        return vectors.entrySet().stream()
                .sorted(Comparator.comparingDouble(e -> InMemoryEmbeddingVectors.cosineDistance(e.getValue(), query)))
                .limit(k).map(Map.Entry::getKey).toList();
    }

    private String indexName(UserId user) {
        try (Connection owner = TestDatabase.connectAsOwner()) {
            return TestDatabase.column(owner, "select user_insight_index_name(?, ?, ?)", user.value(), space.model(),
                    space.dimensions()).getFirst();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private boolean present(String name) {
        return indexes.present().stream().anyMatch(p -> p.name().equals(name) && p.usable());
    }

    /**
     * The plan of the adapter's own search statement, with the settings it runs with, in a
     * transaction of the application role acting as the user. The test database is small enough
     * that reading the whole table and sorting beats any index, so that is ruled out: what is left
     * is the choice between the user's own index and the user's rows by the shared B-tree, sorted.
     * (At scale the planner takes the user's index unaided: docs/benchmarks.md, memory search.)
     */
    private static List<String> planOfSearch(UserId actor, Embedding query) {
        MapperMethod.ParamMap<Object> parameters = new MapperMethod.ParamMap<>();
        parameters.putAll(new HashMap<>(Map.of("actor", actor.value(), "model", query.model(), "dimensions",
                query.dimensions(), "query", MyBatisEmbeddingVectors.vector(query), "limit", 5)));
        BoundSql bound = database.sessions().getConfiguration()
                .getMappedStatement(MemoryMapper.class.getName() + ".nearest").getBoundSql(parameters);
        return UserScope.searching(database.sessions(), actor, session -> {
            try (Statement settings = session.getConnection().createStatement()) {
                settings.execute("set local enable_seqscan = off; set local enable_bitmapscan = off");
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            try (PreparedStatement explain = session.getConnection().prepareStatement("explain (costs off) "
                    + bound.getSql())) {
                int i = 1;
                for (ParameterMapping mapping : bound.getParameterMappings()) {
                    explain.setObject(i++, parameters.get(mapping.getProperty()));
                }
                List<String> lines = new ArrayList<>();
                try (ResultSet rows = explain.executeQuery()) {
                    while (rows.next()) {
                        lines.add(rows.getString(1));
                    }
                }
                return lines;
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
