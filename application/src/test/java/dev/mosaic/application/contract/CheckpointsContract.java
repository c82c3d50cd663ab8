package dev.mosaic.application.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mosaic.application.port.out.Checkpoints;
import dev.mosaic.application.port.out.Conversations;
import dev.mosaic.domain.conversation.ContextCheckpoint;
import dev.mosaic.domain.conversation.Conversation;
import dev.mosaic.domain.conversation.ConversationId;
import dev.mosaic.domain.conversation.Message;
import dev.mosaic.domain.user.UserId;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What every {@link Checkpoints} must do. */
public abstract class CheckpointsContract {

    protected abstract Checkpoints checkpoints();

    /** The conversations store of the same world, to make the conversations checkpoints belong to. */
    protected abstract Conversations conversations();

    protected abstract UserId newUser();

    private final Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    private ContextCheckpoint checkpoint(UserId owner, Conversation conversation, Message first, Message last, int n,
            Instant at) {
        return new ContextCheckpoint(UUID.randomUUID(), conversation.id(), owner, "summary " + n, first.id(), last.id(), n,
                100L * n, 10, "simulator", "mosaic-simulator", at);
    }

    @Test
    void checkpointsComeBackOldestFirstWithTheirProvenance() {
        UserId alice = newUser();
        Conversation conversation = Conversation.start(alice, "long talk", t0);
        conversations().create(alice, conversation);
        Message a = Message.fromUser(conversation, "a", t0);
        Message b = Message.fromUser(conversation, "b", t0.plusMillis(1));
        Message c = Message.fromUser(conversation, "c", t0.plusMillis(2));
        List.of(a, b, c).forEach(m -> conversations().append(alice, m));

        ContextCheckpoint first = checkpoint(alice, conversation, a, b, 2, t0.plusMillis(3));
        ContextCheckpoint second = checkpoint(alice, conversation, a, c, 3, t0.plusMillis(4));
        checkpoints().store(alice, first);
        checkpoints().store(alice, second);

        assertEquals(List.of(first, second), checkpoints().of(alice, conversation.id()));
    }

    @Test
    void aConversationsHistoryIsTheConversationItsMessagesAndItsNewestCheckpoint() {
        UserId alice = newUser();
        Conversation conversation = Conversation.start(alice, "long talk", t0);
        conversations().create(alice, conversation);
        Message a = Message.fromUser(conversation, "a", t0);
        Message b = Message.fromUser(conversation, "b", t0.plusMillis(1));
        List.of(a, b).forEach(m -> conversations().append(alice, m));
        assertEquals(Optional.of(new Conversations.History(conversation, List.of(a, b), Optional.empty())),
                conversations().history(alice, conversation.id()), "no checkpoint yet");

        ContextCheckpoint first = checkpoint(alice, conversation, a, a, 1, t0.plusMillis(2));
        ContextCheckpoint second = checkpoint(alice, conversation, a, b, 2, t0.plusMillis(3));
        checkpoints().store(alice, first);
        checkpoints().store(alice, second);

        Conversations.History history = conversations().history(alice, conversation.id()).orElseThrow();
        assertEquals(conversations().find(alice, conversation.id()).orElseThrow(), history.conversation());
        assertEquals(conversations().messages(alice, conversation.id()), history.messages());
        assertEquals(Optional.of(second), history.latestCheckpoint());
    }

    @Test
    void nobodyReadsAnotherUsersHistory() {
        UserId alice = newUser();
        UserId bob = newUser();
        Conversation conversation = Conversation.start(alice, "private", t0);
        conversations().create(alice, conversation);
        Message a = Message.fromUser(conversation, "a", t0);
        conversations().append(alice, a);
        checkpoints().store(alice, checkpoint(alice, conversation, a, a, 1, t0));

        assertEquals(Optional.empty(), conversations().history(bob, conversation.id()));
        assertEquals(Optional.empty(), conversations().history(alice, ConversationId.random()));
    }

    @Test
    void nobodySeesOrWritesAnotherUsersCheckpoints() {
        UserId alice = newUser();
        UserId bob = newUser();
        Conversation conversation = Conversation.start(alice, "private", t0);
        conversations().create(alice, conversation);
        Message a = Message.fromUser(conversation, "a", t0);
        conversations().append(alice, a);
        ContextCheckpoint mine = checkpoint(alice, conversation, a, a, 1, t0);
        checkpoints().store(alice, mine);

        assertEquals(List.of(), checkpoints().of(bob, conversation.id()));
        ContextCheckpoint forged = checkpoint(bob, conversation, a, a, 1, t0);
        assertThrows(RuntimeException.class, () -> checkpoints().store(bob, forged));
        assertEquals(List.of(mine), checkpoints().of(alice, conversation.id()));
    }
}
