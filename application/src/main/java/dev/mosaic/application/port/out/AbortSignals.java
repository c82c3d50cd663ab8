package dev.mosaic.application.port.out;

import dev.mosaic.domain.conversation.ConversationId;
import dev.mosaic.domain.user.UserId;
import java.util.function.BiConsumer;

/**
 * Carries an abort from the gateway instance a client is connected to, to the one writing the reply
 * (docs/adr/0004). Best effort: a signal sent while no instance listens is lost.
 */
public interface AbortSignals {

    /** Tells every instance that the owner wants the reply in this conversation stopped. */
    void publish(UserId owner, ConversationId conversation);

    /** Delivers every signal, from any instance this one included, until the handle is closed. */
    Subscription subscribe(BiConsumer<UserId, ConversationId> listener);

    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }
}
