package dev.mosaic.application.service;

import static dev.mosaic.application.service.MemoryServiceTest.done;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.application.fakes.InMemoryEmbeddingVectors;
import dev.mosaic.application.fakes.InMemoryMemories;
import dev.mosaic.application.fakes.LocalOwnerChanges;
import dev.mosaic.application.fakes.SettableClock;
import dev.mosaic.application.fakes.WordEmbeddingModel;
import dev.mosaic.application.view.InsightHit;
import dev.mosaic.domain.memory.Insight;
import dev.mosaic.domain.memory.Preference;
import dev.mosaic.domain.user.UserId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MemoryContextTest {
    /** One token per word: budgets below are counted in words. */
    private static final dev.mosaic.application.port.out.TokenCounter WORDS =
            (model, text) -> text.isBlank() ? 0 : text.strip().split("\\s+").length;

    private final SettableClock clock = new SettableClock(Instant.parse("2026-05-01T10:00:00Z"));
    private final WordEmbeddingModel model = new WordEmbeddingModel();
    private final InMemoryMemories memories = new InMemoryMemories();
    private final MemoryService memory = new MemoryService(memories,
            new EmbeddingIndex(model, new InMemoryEmbeddingVectors(), clock), new LocalOwnerChanges(), clock);
    private final UserId alice = UserId.random();

    private MemoryContext context(int preferenceTokens, int insightTokens, int topK, double minSimilarity) {
        return new MemoryContext(memory, WORDS, new MemoryContext.Settings(preferenceTokens, insightTokens, topK,
                minSimilarity, Duration.ofSeconds(30), "any"));
    }

    @Test
    void givesThePreferencesAndTheRelevantInsightsAndMarksThoseUsed() {
        done(memory.setPreference(alice, "language", "answer in German"));
        Insight cats = done(memory.saveInsight(alice, "Alice keeps three cats at home", null, null));
        done(memory.saveInsight(alice, "Alice deploys services with Kubernetes", null, null));
        clock.advance(Duration.ofDays(3));

        MemoryContext.Recalled recalled = context(100, 100, 5, 0.3).recall(alice, "what do my cats like to eat at home");

        assertEquals(List.of(cats.id()), recalled.insights().stream().map(h -> h.insight().id()).toList());
        assertEquals(Optional.empty(), recalled.unavailable());
        assertEquals("""
                The user's preferences:
                - language: answer in German

                What you remember about the user:
                - Alice keeps three cats at home
                """, recalled.systemBlock());
        assertEquals(clock.instant(), memories.insight(alice, cats.id()).orElseThrow().lastUsedAt());
    }

    @Test
    void staysWithinItsBudgetsAndTopK() {
        done(memory.setPreference(alice, "a", "one two three"));
        done(memory.setPreference(alice, "b", "four five six"));
        for (int i = 0; i < 4; i++) {
            done(memory.saveInsight(alice, "cats cats cats number " + i, null, null));
        }
        // "- a: one two three" is 5 words; "- cats cats cats number i" 6.
        MemoryContext.Recalled recalled = context(5, 12, 3, 0).recall(alice, "cats");
        assertEquals(List.of("a"), recalled.preferences().stream().map(Preference::key).toList());
        assertEquals(2, recalled.insights().size());
        assertEquals(3, context(100, 100, 3, 0).recall(alice, "cats").insights().size());
    }

    @Test
    void insightsLessSimilarThanTheThresholdAreNotGiven() {
        done(memory.saveInsight(alice, "Alice deploys services with Kubernetes", null, null));
        assertEquals(List.of(), context(100, 100, 5, 0.3).recall(alice, "favourite colour of bicycles").insights());
    }

    @Test
    void whenTheModelIsDownTheAnswerGoesOnWithPreferencesAndAReason() {
        done(memory.setPreference(alice, "language", "German"));
        done(memory.saveInsight(alice, "Alice keeps three cats", null, null));
        model.down(true);
        MemoryContext.Recalled recalled = context(100, 100, 5, 0).recall(alice, "cats");
        assertEquals(1, recalled.preferences().size());
        assertEquals(List.of(), recalled.insights());
        assertTrue(recalled.unavailable().orElseThrow().contains("embedding model is unavailable"), recalled::toString);
    }

    @Test
    void whenTheModelHangsTheAnswerDoesNotWaitPastTheTimeout() {
        done(memory.saveInsight(alice, "Alice keeps three cats", null, null));
        model.hang();
        try {
            MemoryContext slow = new MemoryContext(memory, WORDS, MemoryContext.Settings.DEFAULTS
                    .withTimeout(Duration.ofMillis(50)));
            MemoryContext.Recalled recalled = slow.recall(alice, "cats");
            assertEquals(List.of(), recalled.insights());
            assertTrue(recalled.unavailable().orElseThrow().contains("took longer than 50 ms"), recalled::toString);
        } finally {
            model.release();
        }
    }

    @Test
    void aBlankMessageLooksForNoInsights() {
        model.down(true);
        MemoryContext.Recalled recalled = context(100, 100, 5, 0).recall(alice, " ");
        assertEquals(Optional.empty(), recalled.unavailable());
        assertEquals("", recalled.systemBlock());
    }

    @Test
    void aLongMessageIsSearchedByItsBeginning() {
        done(memory.saveInsight(alice, "Alice keeps three cats", null, null));
        List<InsightHit> hits = context(100, 100, 5, 0).recall(alice, "cats " + "x".repeat(1 << 20)).insights();
        assertEquals(1, hits.size());
    }
}
