package dev.mosaic.application.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.application.PageRequest;
import dev.mosaic.application.fakes.InMemoryEmbeddingVectors;
import dev.mosaic.application.fakes.InMemoryMemories;
import dev.mosaic.application.fakes.LocalOwnerChanges;
import dev.mosaic.application.fakes.SettableClock;
import dev.mosaic.application.fakes.WordEmbeddingModel;
import dev.mosaic.application.fakes.WritingJsonCodec;
import dev.mosaic.application.service.EmbeddingIndex;
import dev.mosaic.application.service.MemoryService;
import dev.mosaic.domain.conversation.ConversationId;
import dev.mosaic.domain.memory.Insight;
import dev.mosaic.domain.user.UserId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MemoryToolsTest {
    private final SettableClock clock = new SettableClock(Instant.parse("2026-05-01T10:00:00Z"));
    private final WordEmbeddingModel model = new WordEmbeddingModel();
    private final InMemoryMemories memories = new InMemoryMemories();
    private final MemoryService memory = new MemoryService(memories,
            new EmbeddingIndex(model, new InMemoryEmbeddingVectors(), clock), new LocalOwnerChanges(), clock);
    private final WritingJsonCodec json = new WritingJsonCodec();
    private final MemorySearchTool search = new MemorySearchTool(memory, json);
    private final MemorySaveInsightTool saveInsight = new MemorySaveInsightTool(memory, json);
    private final MemoryGetPreferencesTool getPreferences = new MemoryGetPreferencesTool(memory, json);
    private final MemorySavePreferenceTool savePreference = new MemorySavePreferenceTool(memory, json);
    private final UserId alice = UserId.random();
    private final UserId bob = UserId.random();
    private final ConversationId conversation = ConversationId.random();

    private ToolInvocation call(UserId actor, Map<String, Object> arguments) {
        return new ToolInvocation(actor, conversation, "call-1", arguments);
    }

    @Test
    void theSpecsNameTheToolsAndRequireTheirArguments() {
        assertEquals(List.of("memory_search", "memory_save_insight", "memory_get_preferences", "memory_save_preference"),
                List.of(search, saveInsight, getPreferences, savePreference).stream().map(t -> t.spec().name()).toList());
        assertTrue(search.spec().parametersSchema().contains("\"required\": [\"query\"]"));
        assertTrue(saveInsight.spec().parametersSchema().contains("\"required\": [\"text\"]"));
        assertTrue(savePreference.spec().parametersSchema().contains("\"required\": [\"key\", \"value\"]"));
        for (Tool tool : List.of(search, saveInsight, getPreferences, savePreference)) {
            assertTrue(tool.spec().parametersSchema().contains("\"additionalProperties\": false"), tool.spec().name());
        }
    }

    @Test
    void anInsightSavedByTheModelIsTheActorsAndNotesItsConversation() {
        ToolOutput saved = saveInsight.run(call(alice, Map.of("text", "Alice keeps three cats")));
        assertFalse(saved.isError(), saved.content());
        Insight insight = memories.insights(alice, new PageRequest(1, 10)).items().getFirst();
        assertEquals(conversation, insight.conversation());
        assertTrue(saved.content().contains("\"id\":\"" + insight.id() + "\""), saved.content());
    }

    @Test
    void searchFindsTheActorsInsightsOnlyAndCountsThemUsed() {
        saveInsight.run(call(alice, Map.of("text", "Alice keeps three cats")));
        saveInsight.run(call(bob, Map.of("text", "Bob keeps three cats")));
        clock.advance(java.time.Duration.ofDays(1));

        ToolOutput found = search.run(call(alice, Map.of("query", "three cats", "limit", 5)));
        assertFalse(found.isError(), found.content());
        assertTrue(found.content().contains("Alice keeps three cats"), found.content());
        assertFalse(found.content().contains("Bob"), found.content());
        assertEquals(clock.instant(), memories.insights(alice, new PageRequest(1, 1)).items().getFirst().lastUsedAt());
    }

    @Test
    void duringAChangeOfModelTheSearchToolSaysWhenSomeInsightsCouldNotBeSearched() {
        saveInsight.run(call(alice, Map.of("text", "Alice keeps three cats")));
        MemoryService changed = new MemoryService(memories, new EmbeddingIndex(new WordEmbeddingModel("words-v2"),
                new InMemoryEmbeddingVectors(), clock), new LocalOwnerChanges(), clock);
        MemorySearchTool afterTheChange = new MemorySearchTool(changed, json);
        new MemorySaveInsightTool(changed, json).run(call(alice, Map.of("text", "Alice bakes bread")));

        ToolOutput found = afterTheChange.run(call(alice, Map.of("query", "bakes bread")));
        assertFalse(found.isError(), found.content());
        assertTrue(found.content().contains("Alice bakes bread"), found.content());
        assertTrue(found.content().contains("\"partial\":\"1 of 2 insights could be searched"), found.content());
        assertFalse(search.run(call(bob, Map.of("query", "bakes bread"))).content().contains("partial"));
    }

    @Test
    void preferencesAreSavedAndReadForTheActorOnly() {
        ToolOutput saved = savePreference.run(call(alice, Map.of("key", "language", "value", "answer in German")));
        assertEquals("{\"saved\":{\"key\":\"language\",\"value\":\"answer in German\"}}".length(), saved.content().length());
        assertEquals("{\"preferences\":{\"language\":\"answer in German\"}}",
                getPreferences.run(call(alice, Map.of())).content());
        assertEquals("{\"preferences\":{}}", getPreferences.run(call(bob, Map.of())).content());
    }

    @Test
    void noArgumentCanNameAnotherUser() {
        saveInsight.run(call(alice, Map.of("text", "Alice keeps three cats")));
        savePreference.run(call(alice, Map.of("key", "language", "value", "German")));
        String aliceId = alice.toString();
        List<ToolOutput> attempts = List.of(
                search.run(call(bob, Map.of("query", "cats", "user", aliceId))),
                search.run(call(bob, Map.of("query", "cats", "userId", aliceId))),
                saveInsight.run(call(bob, Map.of("text", "x", "actor", aliceId))),
                getPreferences.run(call(bob, Map.of("user_id", aliceId))),
                savePreference.run(call(bob, Map.of("key", "language", "value", "x", "owner", aliceId))));
        for (ToolOutput attempt : attempts) {
            assertTrue(attempt.isError(), attempt.content());
            assertTrue(attempt.content().contains("unknown argument"), attempt.content());
        }
        assertEquals(0, memories.insights(bob, new PageRequest(1, 10)).total());
        assertEquals("German", memories.preferences(alice).getFirst().value());
    }

    @Test
    void badArgumentsAreErrorsTheModelCanRecoverFrom() {
        List<ToolOutput> bad = List.of(
                search.run(call(alice, Map.of())),
                search.run(call(alice, Map.of("query", 42))),
                search.run(call(alice, Map.of("query", "cats", "limit", 1000))),
                search.run(call(alice, Map.of("query", "q".repeat(1 << 20)))),
                saveInsight.run(call(alice, Map.of("text", ""))),
                saveInsight.run(call(alice, Map.of("text", "x".repeat(1 << 20)))),
                savePreference.run(call(alice, Map.of("key", "Bad Key!", "value", "x"))),
                savePreference.run(call(alice, Map.of("key", "language"))));
        for (ToolOutput output : bad) {
            assertTrue(output.isError(), output.content());
        }
        assertEquals(0, memories.insights(alice, new PageRequest(1, 10)).total());
    }

    @Test
    void whenTheEmbeddingModelIsDownTheToolsSaySo() {
        saveInsight.run(call(alice, Map.of("text", "Alice keeps two dogs")));
        model.down(true);
        ToolOutput saved = saveInsight.run(call(alice, Map.of("text", "Alice keeps three cats")));
        ToolOutput found = search.run(call(alice, Map.of("query", "cats")));
        assertTrue(saved.isError() && saved.content().contains("embedding model is unavailable"), saved.content());
        assertTrue(found.isError() && found.content().contains("embedding model is unavailable"), found.content());
    }
}
