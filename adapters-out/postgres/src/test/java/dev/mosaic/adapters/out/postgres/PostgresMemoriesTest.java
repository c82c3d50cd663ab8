package dev.mosaic.adapters.out.postgres;

import static dev.mosaic.adapters.out.postgres.TestDatabase.column;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.application.PageRequest;
import dev.mosaic.application.fakes.InMemoryEmbeddingVectors;
import dev.mosaic.application.port.out.Memories;
import dev.mosaic.application.port.out.Memories.Match;
import dev.mosaic.application.port.out.embedding.Embedding;
import dev.mosaic.application.view.ForgottenMemory;
import dev.mosaic.domain.conversation.Conversation;
import dev.mosaic.domain.memory.Insight;
import dev.mosaic.domain.memory.InsightId;
import dev.mosaic.domain.memory.Preference;
import dev.mosaic.domain.user.UserId;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Preferences and insights in PostgreSQL: what is kept, what is found, and that it stays the owner's. */
class PostgresMemoriesTest {
    private static final PostgresDatabase database = TestDatabase.shared();
    private static final String MODEL = "bge-small-en-v1.5";

    private final Memories memories = database.memories();
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    private final Random random = new Random(15);

    @Test
    void preferencesAreSetReplacedListedByKeyAndDeleted() {
        UserId alice = TestDatabase.newUser(database);
        memories.savePreference(alice, new Preference("language", "German", now));
        memories.savePreference(alice, new Preference("code.style", "TypeScript", now));
        memories.savePreference(alice, new Preference("language", "English", now.plusSeconds(1)));

        assertEquals(List.of(new Preference("code.style", "TypeScript", now),
                new Preference("language", "English", now.plusSeconds(1))), memories.preferences(alice));
        assertTrue(memories.deletePreference(alice, "language"));
        assertFalse(memories.deletePreference(alice, "language"));
        assertEquals(List.of("code.style"), memories.preferences(alice).stream().map(Preference::key).toList());
    }

    @Test
    void anInsightIsStoredWithItsVectorAndDeletedWithIt() throws SQLException {
        UserId alice = TestDatabase.newUser(database);
        Conversation source = Conversation.start(alice, "plans", now);
        database.conversations().create(alice, source);
        Insight insight = new Insight(InsightId.random(), "prefers tabs", source.id(), null, now, now);
        memories.saveInsight(alice, insight, embedding(unit(384)));

        assertEquals(insight, memories.insight(alice, insight.id()).orElseThrow());
        try (Connection owner = ownerActingAs(alice)) {
            assertEquals(List.of(MODEL + " 384"), column(owner, "select model || ' ' || dimensions from embeddings"
                    + " where subject_kind = 'insight' and subject_id = ?", insight.id().toString()));
            assertTrue(memories.deleteInsight(alice, insight.id()));
            assertEquals(List.of(), column(owner, "select id::text from embeddings where subject_kind = 'insight'"
                    + " and subject_id = ?", insight.id().toString()));
        }
        assertFalse(memories.deleteInsight(alice, insight.id()));
        assertTrue(memories.insight(alice, insight.id()).isEmpty());
    }

    @Test
    void aVectorOfTheWrongSizeForItsModelLeavesNoInsightBehind() {
        UserId alice = TestDatabase.newUser(database);
        Insight insight = new Insight(InsightId.random(), "half written?", null, null, now, now);
        float[] tooLong = new float[MyBatisEmbeddingVectors.MAX_DIMENSIONS + 1];
        tooLong[0] = 1;
        assertThrows(IllegalArgumentException.class, () -> memories.saveInsight(alice, insight, embedding(tooLong)));
        assertTrue(memories.insight(alice, insight.id()).isEmpty());
    }

    @Test
    void insightsArePagedNewestFirst() {
        UserId alice = TestDatabase.newUser(database);
        List<InsightId> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Insight insight = new Insight(InsightId.random(), "fact " + i, null, null, now.plusSeconds(i), now);
            memories.saveInsight(alice, insight, embedding(unit(384)));
            ids.addFirst(insight.id());
        }
        var second = memories.insights(alice, new PageRequest(2, 2));
        assertEquals(5, second.total());
        assertEquals(ids.subList(2, 4), second.items().stream().map(Insight::id).toList());
    }

    @Test
    void theNearestInsightsAreTheExactNearestOfTheQuerysModelOnly() {
        UserId alice = TestDatabase.newUser(database);
        List<float[]> vectors = new ArrayList<>();
        List<InsightId> ids = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            float[] vector = unit(384);
            Insight insight = new Insight(InsightId.random(), "fact " + i, null, null, now, now);
            memories.saveInsight(alice, insight, embedding(vector));
            vectors.add(vector);
            ids.add(insight.id());
        }
        // The same direction under another model is never a match for this model's query.
        float[] query = unit(384);
        memories.saveInsight(alice, new Insight(InsightId.random(), "other model", null, null, now, now),
                new Embedding("other-model", query));

        List<Match> found = memories.nearestInsights(alice, embedding(query), 10);

        List<InsightId> exact = new ArrayList<>(ids);
        exact.sort(Comparator.comparingDouble(id -> InMemoryEmbeddingVectors.cosineDistance(query, vectors.get(ids.indexOf(id)))));
        assertEquals(exact.subList(0, 10), found.stream().map(m -> m.insight().id()).toList());
        assertEquals(InMemoryEmbeddingVectors.cosineDistance(query, vectors.get(ids.indexOf(exact.getFirst()))),
                found.getFirst().distance(), 1e-5);
    }

    @Test
    void anotherUserFindsChangesAndDeletesNothingOfTheOwners() {
        UserId alice = TestDatabase.newUser(database);
        UserId bob = TestDatabase.newUser(database);
        float[] vector = unit(384);
        Insight secret = new Insight(InsightId.random(), "alice's secret", null, null, now, now);
        memories.saveInsight(alice, secret, embedding(vector));
        memories.savePreference(alice, new Preference("language", "German", now));

        assertTrue(memories.insight(bob, secret.id()).isEmpty());
        assertEquals(List.of(), memories.nearestInsights(bob, embedding(vector), 10));
        assertEquals(0, memories.insights(bob, new PageRequest(1, 10)).total());
        assertEquals(List.of(), memories.preferences(bob));
        assertFalse(memories.deleteInsight(bob, secret.id()));
        assertFalse(memories.deletePreference(bob, "language"));
        memories.markUsed(bob, List.of(secret.id()), now.plusSeconds(60));
        assertEquals(new ForgottenMemory(0, 0), memories.forgetAll(bob));

        assertEquals(secret, memories.insight(alice, secret.id()).orElseThrow());
        assertEquals(1, memories.preferences(alice).size());
    }

    @Test
    void forgettingEverythingDeletesInsightsVectorsAndPreferences() throws SQLException {
        UserId alice = TestDatabase.newUser(database);
        for (int i = 0; i < 3; i++) {
            memories.saveInsight(alice, new Insight(InsightId.random(), "fact " + i, null, null, now, now),
                    embedding(unit(384)));
        }
        memories.savePreference(alice, new Preference("language", "German", now));

        assertEquals(new ForgottenMemory(3, 1), memories.forgetAll(alice));
        try (Connection owner = ownerActingAs(alice)) {
            assertEquals(List.of("0"), column(owner, "select count(*)::text from embeddings where user_id = ?"
                    + " and subject_kind = 'insight'", alice.value()));
        }
        assertEquals(0, memories.insights(alice, new PageRequest(1, 10)).total());
    }

    @Test
    void usingAnInsightMovesItsLastUseForwardOnly() {
        UserId alice = TestDatabase.newUser(database);
        Insight insight = new Insight(InsightId.random(), "fact", null, null, now, now);
        memories.saveInsight(alice, insight, embedding(unit(384)));
        memories.markUsed(alice, List.of(insight.id()), now.plusSeconds(60));
        memories.markUsed(alice, List.of(insight.id()), now.plusSeconds(30));
        assertEquals(now.plusSeconds(60), memories.insight(alice, insight.id()).orElseThrow().lastUsedAt());
    }

    /** Forced row-level security binds the owner too, so it names the user whose rows it reads. */
    private static Connection ownerActingAs(UserId user) throws SQLException {
        Connection owner = TestDatabase.connectAsOwner();
        column(owner, "select set_config('mosaic.user_id', ?, false)", user.toString());
        return owner;
    }

    private static Embedding embedding(float[] vector) {
        return new Embedding(MODEL, vector);
    }

    private float[] unit(int dimensions) {
        float[] vector = new float[dimensions];
        double norm = 0;
        for (int i = 0; i < dimensions; i++) {
            vector[i] = (float) random.nextGaussian();
            norm += vector[i] * vector[i];
        }
        for (int i = 0; i < dimensions; i++) {
            vector[i] /= (float) Math.sqrt(norm);
        }
        return vector;
    }
}
