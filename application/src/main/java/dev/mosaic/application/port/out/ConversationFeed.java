package dev.mosaic.application.port.out;

import dev.mosaic.application.event.ConversationEvent;
import dev.mosaic.domain.conversation.ConversationId;
import dev.mosaic.domain.conversation.MessageId;
import dev.mosaic.domain.user.UserId;
import java.util.List;
import java.util.function.Consumer;

/**
 * A conversation's events as they happen, for every client that watches it, on whichever gateway
 * instance (docs/adr/0016-live-conversations.md). The feed carries each event as the clients' frame
 * for it, so an instance passes on what another one wrote without knowing the event. Best effort, like
 * {@link AbortSignals}: what is published while a watcher's instance is cut off from the feed is lost
 * to it, and the stored conversation is what it reads again.
 */
public interface ConversationFeed {

    /**
     * Whether any client session but {@code except}, on any instance, watches the conversation now.
     * Asked once per exchange, never per delta: an exchange nobody else watches publishes nothing.
     *
     * @param except the session the exchange comes from, which needs none of it; null counts every watcher
     */
    boolean watched(UserId owner, ConversationId conversation, String except);

    /**
     * Publishes an event of the conversation.
     *
     * @param origin the client session whose message caused it, which already has it; null when none watches
     * @param seq for a delta, its place among the deltas of its message (0, 1, …); -1 for any other event
     */
    void publish(UserId owner, ConversationId conversation, String origin, ConversationEvent event, int seq);

    /**
     * Answers a catch-up: the message being written as far as it got, which stands for the deltas of
     * that message numbered below {@code upTo}.
     *
     * @param message null when no message is being written (nothing to skip)
     */
    void publishSnapshot(UserId owner, ConversationId conversation, String requester, MessageId message, int upTo,
            List<ConversationEvent> events);

    /** Asks whichever instance writes the conversation's reply for a {@linkplain #publishSnapshot snapshot}. */
    void requestCatchUp(UserId owner, ConversationId conversation, String requester);

    /**
     * Delivers every update of one conversation from now on, and counts as the session's watch for
     * {@link #watched} until closed. Returns once updates published after it reach the listener.
     */
    Subscription subscribe(UserId owner, ConversationId conversation, String session, Consumer<Update> listener);

    /** Delivers every catch-up request, of any conversation, to this instance (which may be writing it). */
    Subscription onCatchUp(CatchUpHandler handler);

    @FunctionalInterface
    interface CatchUpHandler {
        void requested(UserId owner, ConversationId conversation, String requester);
    }

    /** What a watcher receives. */
    sealed interface Update {}

    /**
     * An event, as the frame clients get for it.
     *
     * @param message the message it is about ({@link #messageOf}); null when none
     * @param seq a delta's place among its message's deltas; -1 for any other event
     */
    record Published(String origin, MessageId message, int seq, String frame) implements Update {}

    /** The message an event is about: the one stored, started, added to or ended; null for the others. */
    static MessageId messageOf(ConversationEvent event) {
        return switch (event) {
            case ConversationEvent.MessageStored stored -> stored.message().id();
            case ConversationEvent.ReplyStarted started -> started.messageId();
            case ConversationEvent.ReplyDelta delta -> delta.messageId();
            case ConversationEvent.ReplyEnded ended -> ended.message().id();
            default -> null;
        };
    }

    /** A catch-up's answer: the frames that stand for the deltas of {@code message} below {@code upTo}. */
    record Snapshot(String requester, MessageId message, int upTo, List<String> frames) implements Update {
        public Snapshot {
            frames = List.copyOf(frames);
        }
    }

    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }
}
