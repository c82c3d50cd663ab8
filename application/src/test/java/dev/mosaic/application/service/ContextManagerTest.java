package dev.mosaic.application.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.application.event.ConversationEvent;
import dev.mosaic.application.fakes.InMemoryCheckpoints;
import dev.mosaic.application.fakes.InMemoryConversations;
import dev.mosaic.application.fakes.ScriptedProvider;
import dev.mosaic.application.port.out.provider.ProviderError;
import dev.mosaic.application.port.out.provider.ProviderReply;
import dev.mosaic.domain.conversation.ContentBlock;
import dev.mosaic.domain.conversation.ContextCheckpoint;
import dev.mosaic.domain.conversation.Conversation;
import dev.mosaic.domain.conversation.Message;
import dev.mosaic.domain.conversation.StopReason;
import dev.mosaic.domain.conversation.Usage;
import dev.mosaic.domain.user.UserId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContextManagerTest {
    private final InMemoryConversations store = new InMemoryConversations();
    private final InMemoryCheckpoints checkpoints = new InMemoryCheckpoints(store);
    /** One token per character keeps the arithmetic readable. */
    private final CalibratedTokenCounter tokens = new CalibratedTokenCounter((model, text) -> text.length());
    private final ContextManager manager = new ContextManager(checkpoints, tokens, Clock.systemUTC());
    private final UserId alice = UserId.random();
    private final Conversation conversation = Conversation.start(alice, "long", Instant.now());
    private final ScriptedProvider summarizer = new ScriptedProvider("fake", (request, listener, cancellation) ->
            new ProviderReply(List.of(new ContentBlock.Text("SUMMARY")), StopReason.END_TURN, Usage.NONE, null, null));

    ContextManagerTest() {
        store.create(alice, conversation);
    }

    private static ChatSettings window(int tokens) {
        return new ChatSettings("fake", "fake-1", tokens, "", "test", false, Duration.ofSeconds(1), "fake-summarizer");
    }

    /** Ten messages of 16 tokens each (12 characters + 4 overhead). */
    private List<Message> history() {
        List<Message> history = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Message m = Message.fromUser(conversation, String.format("message %04d", i), Instant.now());
            store.append(alice, m);
            history.add(m);
        }
        return history;
    }

    private static List<String> texts(List<Message> context) {
        return context.stream().map(Message::text).toList();
    }

    @Test
    void aContextUnderEightyPercentOfTheWindowIsSentAsItIs() {
        List<Message> history = history();
        ContextManager.Prepared prepared = manager.prepare(alice, conversation, history, window(200), summarizer);
        assertEquals(history, prepared.context());
        assertEquals(160, prepared.estimatedTokens());
        assertTrue(prepared.compacted().isEmpty());
        assertTrue(summarizer.requests().isEmpty());
    }

    @Test
    void overEightyPercentTheOldestMessagesBecomeACheckpointAndTheRecentOnesStay() {
        List<Message> history = history();
        ContextManager.Prepared prepared = manager.prepare(alice, conversation, history, window(190), summarizer);

        // Half of 190 tokens holds the five newest messages (80 tokens); the other five are summarized.
        ContextCheckpoint checkpoint = checkpoints.of(alice, conversation.id()).getFirst();
        assertEquals(history.get(0).id(), checkpoint.firstCovered());
        assertEquals(history.get(4).id(), checkpoint.lastCovered());
        assertEquals(5, checkpoint.messagesCovered());
        assertEquals(80, checkpoint.tokensCovered());
        assertEquals("fake-summarizer", checkpoint.model());
        assertEquals("SUMMARY", checkpoint.summary());

        assertEquals(6, prepared.context().size());
        assertTrue(prepared.context().getFirst().text().endsWith("SUMMARY"));
        assertEquals(texts(history.subList(5, 10)), texts(prepared.context().subList(1, 6)));
        ConversationEvent.ContextCompacted event = prepared.compacted().orElseThrow();
        assertTrue(event.summarized());
        assertEquals(160, event.tokensBefore());
        assertEquals(prepared.estimatedTokens(), event.tokensAfter());

        String transcript = summarizer.requests().getFirst().messages().getFirst().text();
        assertTrue(transcript.contains("user: message 0000") && transcript.contains("user: message 0004"), transcript);
        assertFalse(transcript.contains("message 0005"), transcript);
        assertEquals("fake-summarizer", summarizer.requests().getFirst().model());
    }

    @Test
    void theNextRequestStartsFromTheCheckpointAndACheckpointCanBeSummarizedAgain() {
        List<Message> history = new ArrayList<>(history());
        manager.prepare(alice, conversation, history, window(190), summarizer);
        ContextManager.Prepared calm = manager.prepare(alice, conversation, history, window(190), summarizer);
        assertTrue(calm.compacted().isEmpty(), "after the checkpoint the context fits again");
        assertEquals(6, calm.context().size());

        for (int i = 10; i < 20; i++) {
            Message m = Message.fromUser(conversation, String.format("message %04d", i), Instant.now());
            store.append(alice, m);
            history.add(m);
        }
        ContextManager.Prepared again = manager.prepare(alice, conversation, history, window(190), summarizer);
        assertTrue(again.compacted().orElseThrow().summarized());
        List<ContextCheckpoint> all = checkpoints.of(alice, conversation.id());
        assertEquals(2, all.size());
        assertEquals(history.get(0).id(), all.get(1).firstCovered(), "the new checkpoint covers from the very start");
        assertEquals(15, all.get(1).messagesCovered());
        assertTrue(summarizer.requests().getLast().messages().getFirst().text().startsWith("Summary of what came before:\nSUMMARY"));
    }

    @Test
    void switchingToASmallerWindowIsCheckedBeforeTheNextRequest() {
        List<Message> history = history();
        assertTrue(manager.prepare(alice, conversation, history, window(1000), summarizer).compacted().isEmpty());
        assertTrue(manager.prepare(alice, conversation, history, window(150), summarizer).compacted().isPresent());
    }

    @Test
    void whenTheSummarizerFailsTheOldestMessagesAreLeftOutWithAMarker() {
        summarizer.script((request, listener, cancellation) -> ProviderReply.failed(List.of(), Usage.NONE, null,
                ProviderError.of(ProviderError.Kind.UNAVAILABLE, "down")));
        List<Message> history = history();
        ContextManager.Prepared prepared = manager.prepare(alice, conversation, history, window(190), summarizer);

        assertTrue(checkpoints.of(alice, conversation.id()).isEmpty());
        assertTrue(prepared.context().getFirst().text().contains("5 earlier messages"), prepared.context().getFirst().text());
        assertEquals(texts(history.subList(5, 10)), texts(prepared.context().subList(1, 6)));
        ConversationEvent.ContextCompacted event = prepared.compacted().orElseThrow();
        assertFalse(event.summarized());
        assertTrue(event.note().contains("left out"));
    }

    @Test
    void providerReportsCalibrateLaterEstimates() {
        List<Message> history = history();
        ChatSettings settings = window(1000);
        long before = manager.status(alice, conversation, history, settings).tokensInContext();
        manager.learn("fake-1", 100, 200);
        long after = manager.status(alice, conversation, history, settings).tokensInContext();
        assertTrue(after > before, before + " -> " + after);
    }
}
