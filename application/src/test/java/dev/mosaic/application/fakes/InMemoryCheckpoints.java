package dev.mosaic.application.fakes;

import dev.mosaic.application.port.out.Checkpoints;
import dev.mosaic.application.port.out.Conversations;
import dev.mosaic.domain.conversation.ContextCheckpoint;
import dev.mosaic.domain.conversation.ConversationId;
import dev.mosaic.domain.user.UserId;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A fake {@link Checkpoints}; passes the same contract as the real one. */
public final class InMemoryCheckpoints implements Checkpoints {
    private final List<ContextCheckpoint> all = new CopyOnWriteArrayList<>();
    private final Conversations conversations;

    /** Checkpoints belong to conversations, which live in {@code conversations}. */
    public InMemoryCheckpoints(Conversations conversations) {
        this.conversations = conversations;
        if (conversations instanceof InMemoryConversations store) {
            store.checkpointsIn(this);
        }
    }

    @Override
    public void store(UserId actor, ContextCheckpoint checkpoint) {
        if (!checkpoint.owner().equals(actor) || conversations.find(actor, checkpoint.conversationId()).isEmpty()) {
            throw new IllegalStateException("an actor can only write its own data");
        }
        all.add(checkpoint);
    }

    @Override
    public List<ContextCheckpoint> of(UserId actor, ConversationId conversation) {
        return all.stream().filter(c -> c.owner().equals(actor) && c.conversationId().equals(conversation)).toList();
    }
}
