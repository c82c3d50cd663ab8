package dev.mosaic.application.port.out;

import dev.mosaic.domain.conversation.ContextCheckpoint;
import dev.mosaic.domain.conversation.ConversationId;
import dev.mosaic.domain.user.UserId;
import java.util.List;

/** Context checkpoints of the actor's conversations. */
public interface Checkpoints {

    void store(UserId actor, ContextCheckpoint checkpoint);

    /** Oldest first; empty for a conversation that is not the actor's. */
    List<ContextCheckpoint> of(UserId actor, ConversationId conversation);
}
