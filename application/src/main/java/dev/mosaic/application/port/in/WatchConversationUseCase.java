package dev.mosaic.application.port.in;

import dev.mosaic.domain.conversation.ConversationId;
import dev.mosaic.domain.user.UserId;
import java.util.Optional;

/**
 * Follows a conversation live from one client session: every event of it, whichever client or
 * instance caused it, except those of the session's own messages (it has them already).
 */
public interface WatchConversationUseCase {

    /**
     * Starts watching: hands the watcher the conversation as stored, then, in order, what happens in it.
     * A reply being written is caught up first: the watcher gets its text so far, then the rest, each
     * piece once.
     *
     * @param session the watching client session, as it is named in {@link SendMessageCommand#origin()}
     * @return empty when there is no such conversation of the actor's; another user's looks the same
     */
    Optional<Watch> watch(UserId actor, ConversationId id, String session, Watcher watcher);

    /**
     * Starts watching the conversation the session was just answered in. The session has all of it
     * up to that answer, so nothing is read and the watcher's {@link Watcher#history} is not called,
     * unless another client's reply began meanwhile: then this is {@link #watch}, so that reply is
     * caught up.
     */
    Optional<Watch> follow(UserId actor, ConversationId id, String session, Watcher watcher);

    interface Watcher {
        /** The conversation as stored when the watch began; comes before any frame. */
        void history(ConversationView view);

        /** A frame, as the channel's clients get it. */
        void frame(String frame);
    }

    /** Ends the watch. */
    interface Watch extends AutoCloseable {
        @Override
        void close();
    }
}
