package dev.mosaic.application.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.application.ErrorCode;
import dev.mosaic.application.PageRequest;
import dev.mosaic.application.fakes.InMemoryEmbeddingVectors;
import dev.mosaic.application.fakes.InMemoryMemories;
import dev.mosaic.application.fakes.LocalOwnerChanges;
import dev.mosaic.application.fakes.SettableClock;
import dev.mosaic.application.fakes.WordEmbeddingModel;
import dev.mosaic.application.port.in.ManageMemoryUseCase.Outcome;
import dev.mosaic.application.port.out.embedding.Embedding;
import dev.mosaic.application.view.InsightHit;
import dev.mosaic.application.view.InsightSearch;
import dev.mosaic.domain.memory.Insight;
import dev.mosaic.domain.memory.InsightId;
import dev.mosaic.domain.memory.Preference;
import dev.mosaic.domain.user.Owner;
import dev.mosaic.domain.user.UserId;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class MemoryServiceTest {
    private final SettableClock clock = new SettableClock(Instant.parse("2026-05-01T10:00:00Z"));
    private final WordEmbeddingModel model = new WordEmbeddingModel();
    private final InMemoryMemories memories = new InMemoryMemories();
    private final LocalOwnerChanges changes = new LocalOwnerChanges();
    private final MemoryService memory = new MemoryService(memories,
            new EmbeddingIndex(model, new InMemoryEmbeddingVectors(), clock), changes, clock);
    private final UserId alice = UserId.random();

    @Test
    void aPreferenceIsSetWithItsValueStrippedAndFoundByKey() {
        assertEquals(new Preference("language", "German", clock.instant()),
                done(memory.setPreference(alice, "language", "  German ")));
        assertEquals("German", done(memory.preference(alice, "language")).value());
        assertEquals(ErrorCode.NOT_FOUND, rejected(memory.preference(alice, "tone")));
    }

    @Test
    void oddPreferenceKeysAndValuesAreRefused() {
        for (String key : List.of("", "Language", "a b", "x/y", "1st", "k".repeat(65), "é")) {
            assertEquals(ErrorCode.INVALID_INPUT, rejected(memory.setPreference(alice, key, "v")), key);
        }
        assertEquals(ErrorCode.INVALID_INPUT, rejected(memory.setPreference(alice, "language", "")));
        assertEquals(ErrorCode.INVALID_INPUT, rejected(memory.setPreference(alice, "language", "v".repeat(2_001))));
        assertEquals(ErrorCode.INVALID_INPUT, rejected(memory.deletePreference(alice, "../x")));
        assertEquals(List.of(), memory.preferences(alice));
    }

    @Test
    void insightsAreFoundByMeaningWithTheirScores() {
        Insight cats = done(memory.saveInsight(alice, "Alice keeps three cats named Tom, Mia and Leo", null, null));
        done(memory.saveInsight(alice, "Alice deploys services with Kubernetes", null, null));

        List<InsightHit> hits = done(memory.search(alice, "how many cats does she keep", 5)).hits();
        assertEquals(cats.id(), hits.getFirst().insight().id());
        assertTrue(hits.getFirst().similarity() > hits.get(1).similarity());
        assertEquals(hits.getFirst().similarity(), hits.getFirst().relevance(), 1e-9, "a fresh insight has not decayed");
    }

    @Test
    void relevanceHalvesForEveryHalfLifeUnusedAndRenewsWhenUsed() {
        Insight cats = done(memory.saveInsight(alice, "Alice keeps three cats", null, null));
        clock.advance(Insight.HALF_LIFE);
        InsightHit hit = done(memory.search(alice, "Alice keeps three cats", 1)).hits().getFirst();
        assertEquals(hit.similarity() / 2, hit.relevance(), 1e-6);

        memory.markUsed(alice, List.of(cats.id()));
        InsightHit renewed = done(memory.search(alice, "Alice keeps three cats", 1)).hits().getFirst();
        assertEquals(renewed.similarity(), renewed.relevance(), 1e-6);
    }

    @Test
    void aUsersInsightsAreCountedOnceUntilTheirMemoryChangesNotOnEverySearch() {
        done(memory.saveInsight(alice, "Alice keeps three cats", null, null));
        done(memory.search(alice, "cats", 5));
        done(memory.search(alice, "cats", 5));
        assertEquals(1, memories.coverageCounts(), "nothing changed between the searches");

        done(memory.saveInsight(alice, "Alice deploys with Kubernetes", null, null));
        assertEquals(1, done(memory.search(alice, "Kubernetes", 1)).hits().size());
        assertEquals(2, memories.coverageCounts(), "a saved insight is counted at the next search");

        UserId bob = UserId.random();
        Insight old = new Insight(InsightId.random(), "Bob likes tea", null, null, clock.instant(), clock.instant());
        memories.saveInsight(bob, old, new Embedding("an-older-model", new float[] {1, 0}));
        assertTrue(done(memory.search(bob, "tea", 5)).partial().isPresent());
        memory.changed(Owner.of(bob)); // as the re-embedding job announces each batch, from any instance
        assertTrue(done(memory.search(bob, "tea", 5)).partial().isPresent());
        assertEquals(4, memories.coverageCounts(), "an announced change is counted anew");
        assertEquals(List.of(Owner.of(alice), Owner.of(alice)), changes.published(), "every write is announced");
    }

    @Test
    void preferencesAreReadOnceUntilAChangeIsAnnouncedHereOrElsewhere() {
        done(memory.setPreference(alice, "language", "German"));
        assertEquals("German", memory.preferences(alice).getFirst().value());
        memories.savePreference(alice, new Preference("language", "French", clock.instant())); // another instance's write
        assertEquals("German", memory.preferences(alice).getFirst().value(), "cached until the change is heard");
        memory.changed(Owner.of(alice));
        assertEquals("French", memory.preferences(alice).getFirst().value());
        memory.changesMissed();
        memories.savePreference(alice, new Preference("language", "Dutch", clock.instant()));
        assertEquals("Dutch", memory.preferences(alice).getFirst().value(), "nothing cached outlives a lost subscription");
    }

    @Test
    void aUserWithNoInsightsIsAnsweredWithoutEmbeddingTheQuery() {
        model.down(true); // would refuse, were it asked
        InsightSearch found = done(memory.search(alice, "anything at all", 5));
        assertEquals(List.of(), found.hits());
        assertTrue(found.partial().isEmpty());
    }

    @Test
    void whenTheModelIsDownNothingIsWrittenAndTheErrorSaysSo() {
        done(memory.saveInsight(alice, "an older fact", null, null));
        model.down(true);
        assertEquals(ErrorCode.EMBEDDING_UNAVAILABLE, rejected(memory.saveInsight(alice, "a fact", null, null)));
        assertEquals(ErrorCode.EMBEDDING_UNAVAILABLE, rejected(memory.search(alice, "a fact", 5)));
        assertEquals(1, memory.insights(alice, new PageRequest(1, 10)).total());
    }

    @Test
    void emptyOrOversizedTextsAndLimitsAreRefusedBeforeAnythingIsEmbedded() {
        model.down(true); // an embedding attempt would answer embedding_unavailable instead
        assertEquals(ErrorCode.INVALID_INPUT, rejected(memory.saveInsight(alice, " ", null, null)));
        assertEquals(ErrorCode.INVALID_INPUT, rejected(memory.saveInsight(alice, "x".repeat(1 << 20), null, null)));
        assertEquals(ErrorCode.INVALID_INPUT, rejected(memory.search(alice, "", 5)));
        assertEquals(ErrorCode.INVALID_INPUT, rejected(memory.search(alice, "q".repeat(1 << 20), 5)));
        assertEquals(ErrorCode.INVALID_INPUT, rejected(memory.search(alice, "cats", 0)));
        assertEquals(ErrorCode.INVALID_INPUT, rejected(memory.search(alice, "cats", 51)));
    }

    @Test
    void aDeletedInsightIsNotFoundAgain() {
        Insight cats = done(memory.saveInsight(alice, "Alice keeps three cats", null, null));
        done(memory.deleteInsight(alice, cats.id()));
        assertEquals(ErrorCode.NOT_FOUND, rejected(memory.deleteInsight(alice, cats.id())));
        assertEquals(List.of(), done(memory.search(alice, "cats", 5)).hits());
    }

    @Test
    void anotherUsersMemoryIsNeverReached() {
        Insight cats = done(memory.saveInsight(alice, "Alice keeps three cats", null, null));
        done(memory.setPreference(alice, "language", "German"));
        UserId bob = UserId.random();
        assertEquals(List.of(), done(memory.search(bob, "Alice keeps three cats", 5)).hits());
        assertEquals(ErrorCode.NOT_FOUND, rejected(memory.deleteInsight(bob, cats.id())));
        assertEquals(ErrorCode.NOT_FOUND, rejected(memory.preference(bob, "language")));
        memory.markUsed(bob, List.of(cats.id(), InsightId.random()));
        assertEquals(0, memory.forgetAll(bob).insights());
        assertEquals(1, memory.insights(alice, new PageRequest(1, 10)).total());
    }

    static <T> T done(Outcome<T> outcome) {
        if (outcome instanceof Outcome.Done<T>(T value)) {
            return value;
        }
        throw new AssertionError("expected it done, but: " + outcome);
    }

    static ErrorCode rejected(Outcome<?> outcome) {
        return assertInstanceOf(Outcome.Rejected.class, outcome, outcome::toString).rejection().code();
    }
}
