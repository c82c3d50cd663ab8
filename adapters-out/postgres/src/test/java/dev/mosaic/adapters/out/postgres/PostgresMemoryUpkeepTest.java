package dev.mosaic.adapters.out.postgres;

import static dev.mosaic.adapters.out.postgres.TestDatabase.column;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.application.PageRequest;
import dev.mosaic.application.port.out.Memories;
import dev.mosaic.application.port.out.Memories.Lacking;
import dev.mosaic.application.port.out.embedding.Embedding;
import dev.mosaic.application.port.out.embedding.VectorSpace;
import dev.mosaic.domain.memory.Insight;
import dev.mosaic.domain.memory.InsightCoverage;
import dev.mosaic.domain.memory.InsightId;
import dev.mosaic.domain.user.UserId;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What re-embedding after a change of model and the decay of unused insights ask of PostgreSQL:
 * each user's rows only, and nothing left behind by a delete that meets a re-embedding.
 */
class PostgresMemoryUpkeepTest {
    private static final PostgresDatabase database = TestDatabase.shared();
    /** A model of its own per test run, so the sweep's findings are this test's users. */
    private final VectorSpace before = new VectorSpace("upkeep-old-" + UUID.randomUUID(), 3);
    private final VectorSpace after = new VectorSpace("upkeep-new-" + UUID.randomUUID(), 4);

    private final Memories memories = database.memories();
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    @Test
    void anInsightsSetMovesToTheNewModelInBatchesAndTheOldVectorsGoOnlyWhenItIsComplete() throws SQLException {
        UserId alice = TestDatabase.newUser(database);
        UserId bob = TestDatabase.newUser(database);
        List<Insight> insights = save(alice, before, 3);
        save(bob, before, 2);

        assertEquals(new InsightCoverage(3, 0, 3), memories.coverage(alice, after, Optional.of(before)));
        assertEquals(new InsightCoverage(3, 0, 0), memories.coverage(alice, after, Optional.empty()));
        List<Insight> first = memories.withoutVector(alice, after, 2);
        assertEquals(insights.subList(0, 2), first, "oldest first");

        assertEquals(2, memories.storeVectors(alice, vectors(first, after), now));
        assertEquals(new InsightCoverage(3, 2, 3), memories.coverage(alice, after, Optional.of(before)));
        assertEquals(0, memories.deleteOtherVectors(alice, after), "not complete: the old vectors are still searched");
        assertEquals(List.of(insights.get(2)), memories.withoutVector(alice, after, 2));

        assertEquals(1, memories.storeVectors(alice, vectors(memories.withoutVector(alice, after, 2), after), now));
        assertEquals(3, memories.deleteOtherVectors(alice, after));
        assertEquals(new InsightCoverage(3, 3, 0), memories.coverage(alice, after, Optional.of(before)));
        assertEquals(List.of(), memories.withoutVector(alice, after, 2));
        assertEquals(insights.getFirst().id(), memories.nearestInsights(alice,
                new Embedding(after.model(), unit(after, 0)), 1).getFirst().insight().id());

        assertEquals(new InsightCoverage(2, 0, 2), memories.coverage(bob, after, Optional.of(before)),
                "the second user's insights are untouched");
        try (Connection owner = ownerActingAs(bob)) {
            assertEquals(List.of("2"), column(owner, "select count(*)::text from embeddings where user_id = ?"
                    + " and model = ?", bob.value(), before.model()));
        }
    }

    @Test
    void theSweepFindsEveryUserWithInsightsLackingTheModelWithTheirNewestOldVector() {
        UserId alice = TestDatabase.newUser(database);
        UserId bob = TestDatabase.newUser(database);
        UserId carol = TestDatabase.newUser(database);
        save(alice, before, 3);
        save(bob, before, 1);
        save(carol, after, 2);

        Map<UserId, Lacking> found = new LinkedHashMap<>();
        memories.lackingVectors(after, Optional.empty(), 100_000).forEach(l -> found.put(l.owner(), l));

        assertEquals(3, found.get(alice).lacking());
        assertEquals(1, found.get(bob).lacking());
        assertFalse(found.containsKey(carol), "all of carol's insights have the model's vectors");
        assertEquals(now.plusSeconds(2), found.get(alice).newestOther(), "when the newest of the old vectors was made");
        // In the database's order of ids, which is not Java's.
        UserId first = found.keySet().stream().filter(u -> u.equals(alice) || u.equals(bob)).findFirst().orElseThrow();
        List<UserId> later = memories.lackingVectors(after, Optional.of(first), 100_000).stream()
                .map(Lacking::owner).toList();
        assertFalse(later.contains(first), "a page goes on after the user named");
        assertTrue(later.contains(first.equals(alice) ? bob : alice));
    }

    @Test
    void anotherUserStoresAndDeletesNoVectorOfTheOwners() throws SQLException {
        UserId alice = TestDatabase.newUser(database);
        UserId bob = TestDatabase.newUser(database);
        List<Insight> secrets = save(alice, before, 2);

        assertEquals(0, memories.storeVectors(bob, vectors(secrets, after), now));
        assertEquals(List.of(), memories.withoutVector(bob, after, 10));
        assertEquals(new InsightCoverage(0, 0, 0), memories.coverage(bob, after, Optional.of(before)));
        assertEquals(0, memories.deleteOtherVectors(bob, after));
        assertEquals(0, memories.retireUnusedSince(bob, now.plusSeconds(1)));

        assertEquals(new InsightCoverage(2, 0, 2), memories.coverage(alice, after, Optional.of(before)));
        try (Connection owner = ownerActingAs(alice)) {
            assertEquals(List.of("2"), column(owner, "select count(*)::text from embeddings where user_id = ?",
                    alice.value()));
        }
    }

    @Test
    void vectorsForInsightsDeletedMeanwhileAreNotWritten() throws SQLException {
        UserId alice = TestDatabase.newUser(database);
        List<Insight> insights = save(alice, before, 2);
        memories.deleteInsight(alice, insights.getFirst().id());

        assertEquals(1, memories.storeVectors(alice, vectors(insights, after), now));
        memories.forgetAll(alice);
        assertEquals(0, memories.storeVectors(alice, vectors(insights, after), now));
        try (Connection owner = ownerActingAs(alice)) {
            assertEquals(List.of("0"), column(owner, "select count(*)::text from embeddings where user_id = ?",
                    alice.value()));
        }
    }

    /** Forgetting waits for a re-embedding that holds the insights, then deletes what it wrote too. */
    @Test
    void forgettingEverythingWhileABatchIsWrittenLeavesNothingBehind() throws Exception {
        UserId alice = TestDatabase.newUser(database);
        List<Insight> insights = save(alice, before, 2);
        CompletableFuture<?> forgetting;
        try (Connection app = TestDatabase.connectAsApp()) {
            app.setAutoCommit(false);
            column(app, "select set_config('mosaic.user_id', ?, true)", alice.toString());
            // What storeVectors does, held open: the insights locked, a new vector written.
            assertEquals(2, column(app, "select id::text from insights where user_id = ? for share", alice.value()).size());
            TestDatabase.update(app, """
                    insert into embeddings (id, user_id, subject_kind, subject_id, model, dimensions, vector, created_at)
                    values (gen_random_uuid(), ?, 'insight', ?, ?, 4, '[1,0,0,0]', now())""", alice.value(),
                    insights.getFirst().id().toString(), after.model());
            forgetting = CompletableFuture.runAsync(() -> memories.forgetAll(alice));
            Thread.sleep(300);
            assertFalse(forgetting.isDone(), "the delete waits for the batch");
            app.commit();
        }
        forgetting.get(10, TimeUnit.SECONDS);
        try (Connection owner = ownerActingAs(alice)) {
            assertEquals(List.of("0"), column(owner, "select count(*)::text from embeddings where user_id = ?",
                    alice.value()));
        }
        assertEquals(0, memories.insights(alice, new PageRequest(1, 10)).total());
    }

    @Test
    void decayFindsTheUsersWithRetiredInsightsAndDeletesTheirsWithTheirVectorsOnly() throws SQLException {
        Duration year = Duration.ofDays(365);
        UserId alice = TestDatabase.newUser(database);
        UserId bob = TestDatabase.newUser(database);
        Instant longAgo = now.minus(year).minus(Duration.ofDays(3));
        Insight old = saveUsedAt(alice, longAgo);
        Insight fresh = saveUsedAt(alice, now);
        Insight bobs = saveUsedAt(bob, longAgo);
        Instant lastUse = Insight.lastUseOfRetired(now, year);
        assertTrue(old.isRetired(now, year));
        assertFalse(fresh.isRetired(now, year));

        List<UserId> users = memories.withInsightsUnusedSince(lastUse, 100_000);
        assertTrue(users.containsAll(List.of(alice, bob)), users::toString);

        assertEquals(1, memories.retireUnusedSince(alice, lastUse));
        assertTrue(memories.insight(alice, old.id()).isEmpty());
        assertEquals(fresh, memories.insight(alice, fresh.id()).orElseThrow());
        assertEquals(bobs, memories.insight(bob, bobs.id()).orElseThrow(), "the second user's turn is their own");
        try (Connection owner = ownerActingAs(alice)) {
            assertEquals(List.of(fresh.id().toString()), column(owner, "select subject_id from embeddings"
                    + " where user_id = ?", alice.value()));
        }
        assertFalse(memories.withInsightsUnusedSince(lastUse, 100_000).contains(alice));
    }

    private List<Insight> save(UserId user, VectorSpace space, int count) {
        List<Insight> saved = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Insight insight = new Insight(InsightId.random(), "fact " + i, null, null, now.plusSeconds(i), now);
            memories.saveInsight(user, insight, new Embedding(space.model(), unit(space, i)));
            saved.add(insight);
        }
        return saved;
    }

    private Insight saveUsedAt(UserId user, Instant lastUsed) {
        Insight insight = new Insight(InsightId.random(), "fact", null, null, lastUsed, lastUsed);
        memories.saveInsight(user, insight, new Embedding(after.model(), unit(after, 0)));
        return insight;
    }

    private static Map<InsightId, Embedding> vectors(List<Insight> insights, VectorSpace space) {
        Map<InsightId, Embedding> vectors = new LinkedHashMap<>();
        for (int i = 0; i < insights.size(); i++) {
            vectors.put(insights.get(i).id(), new Embedding(space.model(), unit(space, i)));
        }
        return vectors;
    }

    /** The i-th axis, mostly: distinct directions for distinct insights. */
    private static float[] unit(VectorSpace space, int i) {
        float[] vector = new float[space.dimensions()];
        vector[i % space.dimensions()] = 1;
        vector[(i + 1) % space.dimensions()] = 0.1f;
        return vector;
    }

    private static Connection ownerActingAs(UserId user) throws SQLException {
        Connection owner = TestDatabase.connectAsOwner();
        column(owner, "select set_config('mosaic.user_id', ?, false)", user.toString());
        return owner;
    }
}
