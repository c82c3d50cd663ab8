package dev.mosaic.application.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.application.PageRequest;
import dev.mosaic.application.fakes.InMemoryConversations;
import dev.mosaic.application.fakes.InMemoryEmbeddingVectors;
import dev.mosaic.application.fakes.InMemoryMemories;
import dev.mosaic.application.fakes.LocalOwnerChanges;
import dev.mosaic.application.fakes.SettableClock;
import dev.mosaic.application.fakes.WordEmbeddingModel;
import dev.mosaic.application.port.in.ExtractInsightsUseCase.Extracted;
import dev.mosaic.domain.conversation.Conversation;
import dev.mosaic.domain.conversation.ConversationId;
import dev.mosaic.domain.conversation.Message;
import dev.mosaic.domain.memory.Insight;
import dev.mosaic.domain.user.UserId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InsightExtractionServiceTest {
    private final SettableClock clock = new SettableClock(Instant.parse("2026-05-01T10:00:00Z"));
    private final WordEmbeddingModel model = new WordEmbeddingModel();
    private final InMemoryMemories memories = new InMemoryMemories();
    private final MemoryService memory = new MemoryService(memories,
            new EmbeddingIndex(model, new InMemoryEmbeddingVectors(), clock), new LocalOwnerChanges(), clock);
    private final InMemoryConversations conversations = new InMemoryConversations();
    private final UserId alice = UserId.random();
    private final List<String> transcripts = new ArrayList<>();

    private Conversation conversation(String... userTexts) {
        Conversation conversation = Conversation.start(alice, userTexts[0], clock.instant());
        conversations.create(alice, conversation);
        for (String text : userTexts) {
            conversations.append(alice, Message.fromUser(conversation, text, clock.instant()));
        }
        return conversation;
    }

    private InsightExtractionService answering(String answer) {
        return new InsightExtractionService(conversations, memory, (actor, instructions, transcript) -> {
            transcripts.add(transcript);
            return answer;
        });
    }

    @Test
    void theModelsFactsAreSavedWithTheirConversationAndLastMessage() {
        Conversation chat = conversation("I moved to Lisbon last year", "my cats are called Tom and Mia");
        Extracted extracted = answering("""
                Here is what I found:
                - The user lives in Lisbon.
                - The user has two cats, Tom and Mia.
                - The user lives in Lisbon.
                """).extractInsights(alice, chat.id());

        assertEquals(2, extracted.proposed());
        assertEquals(Optional.empty(), extracted.problem());
        assertEquals(List.of("The user lives in Lisbon.", "The user has two cats, Tom and Mia."),
                extracted.saved().stream().map(Insight::text).toList());
        Message last = conversations.messages(alice, chat.id()).getLast();
        assertEquals(chat.id(), extracted.saved().getFirst().conversation());
        assertEquals(last.id(), extracted.saved().getFirst().message());
        assertTrue(transcripts.getFirst().contains("user: my cats are called Tom and Mia"), transcripts::toString);
    }

    @Test
    void aFactAlreadyRememberedIsNotSavedAgain() {
        Conversation chat = conversation("I moved to Lisbon");
        answering("- The user lives in Lisbon.").extractInsights(alice, chat.id());
        Extracted again = answering("- The user lives in Lisbon.\n- none").extractInsights(alice, chat.id());
        assertEquals(List.of(), again.saved());
        assertEquals(1, memories.insights(alice, new PageRequest(1, 10)).total());
    }

    @Test
    void nothingIsLearntFromAnotherUsersConversationOrWhenTheModelFails() {
        Conversation chat = conversation("I moved to Lisbon");
        Extracted bob = answering("- The user lives in Lisbon.").extractInsights(UserId.random(), chat.id());
        assertTrue(bob.problem().isPresent());
        assertTrue(transcripts.isEmpty(), "the model never saw the conversation");

        Extracted failed = new InsightExtractionService(conversations, memory, (actor, instructions, transcript) -> {
            throw new IllegalStateException("provider_unavailable");
        }).extractInsights(alice, ConversationId.random());
        assertTrue(failed.problem().isPresent());
        assertEquals(0, memories.insights(alice, new PageRequest(1, 10)).total());
    }

    @Test
    void whenTheEmbeddingModelIsDownTheProblemIsReported() {
        Conversation chat = conversation("I moved to Lisbon");
        model.down(true);
        Extracted extracted = answering("- The user lives in Lisbon.").extractInsights(alice, chat.id());
        assertTrue(extracted.problem().orElseThrow().contains("embedding model is unavailable"));
        assertEquals(List.of(), extracted.saved());
    }

    @Test
    void aLongConversationIsReadFromItsEnd() {
        List<Message> messages = new ArrayList<>();
        Conversation chat = Conversation.start(alice, "start", clock.instant());
        for (int i = 0; i < 100; i++) {
            messages.add(Message.fromUser(chat, "turn " + i + " " + "x".repeat(500), clock.instant()));
        }
        String transcript = InsightExtractionService.transcript(messages);
        assertTrue(transcript.length() <= InsightExtractionService.MAX_TRANSCRIPT);
        assertTrue(transcript.endsWith("turn 99 " + "x".repeat(500)));
        assertTrue(!transcript.contains("turn 0 "));
    }
}
