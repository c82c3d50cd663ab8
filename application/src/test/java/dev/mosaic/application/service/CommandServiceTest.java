package dev.mosaic.application.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.application.ErrorCode;
import dev.mosaic.application.fakes.InMemoryCheckpoints;
import dev.mosaic.application.fakes.InMemoryConversations;
import dev.mosaic.application.port.in.ExecuteCommandUseCase.Outcome;
import dev.mosaic.domain.conversation.ContentBlock;
import dev.mosaic.domain.conversation.Conversation;
import dev.mosaic.domain.conversation.Generation;
import dev.mosaic.domain.conversation.Message;
import dev.mosaic.domain.conversation.MessageStatus;
import dev.mosaic.domain.conversation.StopReason;
import dev.mosaic.domain.conversation.Usage;
import dev.mosaic.domain.user.UserId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CommandServiceTest {
    private final InMemoryConversations store = new InMemoryConversations();
    private final UserId alice = UserId.random();
    private final ChatSettings settings = new ChatSettings("simulator", "sim-echo", 1000, "", "no credentials", true,
            Duration.ofSeconds(1), null);
    private final CommandService commands = new CommandService(store, new ContextManager(new InMemoryCheckpoints(store),
            new CalibratedTokenCounter((model, text) -> CalibratedTokenCounter.estimate(text)), java.time.Clock.systemUTC()),
            actor -> settings);

    @Test
    void historyCountsMessagesAndTheContextTheyUse() {
        Conversation conversation = Conversation.start(alice, "hi", Instant.now());
        store.create(alice, conversation);
        store.append(alice, Message.fromUser(conversation, "hi", Instant.now()));
        Message reply = Message.assistantStarted(conversation, "simulator", "sim-echo", Instant.now());
        store.append(alice, reply.withProgress(List.of(new ContentBlock.Text("hello")),
                new Generation("simulator", "sim-echo", new Usage(100, 20, 0), StopReason.END_TURN, null, null, null),
                MessageStatus.COMPLETE));
        store.append(alice, Message.fromUser(conversation, "12345678", Instant.now()));

        Outcome.Done done = assertInstanceOf(Outcome.Done.class,
                commands.execute(alice, "/history", Optional.of(conversation.id())));
        assertEquals(3, done.result().data().get("messages"));
        // "hi" (1 token), "hello" (2), "12345678" (2), each with 4 tokens of message overhead
        assertEquals(17L, done.result().data().get("contextTokens"));
        assertEquals(1000, done.result().data().get("contextWindow"));
        assertEquals(0, done.result().data().get("checkpoints"));
        assertTrue(done.result().text().startsWith("3 messages; about 17 of 1,000 context tokens in use (1.7%)"),
                done.result().text());
    }

    @Test
    void historyOfSomeoneElsesConversationIsNotFound() {
        UserId bob = UserId.random();
        Conversation bobs = Conversation.start(bob, "secret", Instant.now());
        store.create(bob, bobs);
        Outcome.Rejected rejected = assertInstanceOf(Outcome.Rejected.class,
                commands.execute(alice, "history", Optional.of(bobs.id())));
        assertEquals(ErrorCode.NOT_FOUND, rejected.rejection().code());
    }

    @Test
    void modelSaysWhichModelAnswersAndWhy() {
        Outcome.Done done = assertInstanceOf(Outcome.Done.class, commands.execute(alice, "/model", Optional.empty()));
        assertEquals("simulator/sim-echo (no credentials)", done.result().text());
        assertEquals(true, done.result().data().get("simulated"));
    }

    @Test
    void anUnknownCommandIsRejectedWithAHint() {
        Outcome.Rejected rejected = assertInstanceOf(Outcome.Rejected.class,
                commands.execute(alice, "/frobnicate now", Optional.empty()));
        assertEquals(ErrorCode.UNKNOWN_COMMAND, rejected.rejection().code());
        assertTrue(rejected.rejection().message().contains("/frobnicate"));
    }
}
