package dev.mosaic.application.service;

import dev.mosaic.application.port.in.ConversationView;
import dev.mosaic.application.port.in.GetConversationQuery;
import dev.mosaic.application.port.in.WatchConversationUseCase;
import dev.mosaic.application.port.out.ConversationFeed;
import dev.mosaic.domain.conversation.ConversationId;
import dev.mosaic.domain.conversation.Message;
import dev.mosaic.domain.conversation.MessageId;
import dev.mosaic.domain.conversation.MessageStatus;
import dev.mosaic.domain.user.UserId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Watching a conversation (docs/adr/0016-live-conversations.md): subscribes to its feed first, then
 * reads it, so nothing that happens in between is missed; while a reply is being written, holds what
 * arrives until the writer's snapshot, which stands for the deltas before it.
 */
public final class ConversationWatchService implements WatchConversationUseCase {

    private static final Logger LOG = Logger.getLogger(ConversationWatchService.class.getName());

    private final GetConversationQuery conversations;
    private final ConversationFeed feed;
    private final Duration catchUpWait;

    /** @param catchUpWait how long a snapshot is waited for; when none comes the writer is gone and the stored text is all there is */
    public ConversationWatchService(GetConversationQuery conversations, ConversationFeed feed, Duration catchUpWait) {
        this.conversations = Objects.requireNonNull(conversations);
        this.feed = Objects.requireNonNull(feed);
        this.catchUpWait = Objects.requireNonNull(catchUpWait);
    }

    @Override
    public Optional<Watch> watch(UserId actor, ConversationId id, String session, Watcher watcher) {
        Objects.requireNonNull(session, "session");
        Follower follower = new Follower(session, watcher);
        ConversationFeed.Subscription subscription = feed.subscribe(actor, id, session, follower::on);
        Optional<ConversationView> view;
        try {
            view = conversations.get(actor, id);
            if (view.isEmpty()) {
                subscription.close();
                return Optional.empty();
            }
            follower.read(view.get());
            if (view.get().replyInProgress()) {
                feed.requestCatchUp(actor, id, session);
            }
        } catch (RuntimeException e) {
            subscription.close();
            throw e;
        }
        if (view.get().replyInProgress()) {
            Thread.ofVirtual().name("catch-up-wait").start(() -> {
                try {
                    Thread.sleep(catchUpWait);
                } catch (InterruptedException e) {
                    return;
                }
                follower.release();
            });
        } else {
            follower.release();
        }
        return Optional.of(subscription::close);
    }

    @Override
    public Optional<Watch> follow(UserId actor, ConversationId id, String session, Watcher watcher) {
        Objects.requireNonNull(session, "session");
        Follower follower = new Follower(session, watcher);
        ConversationFeed.Subscription subscription = feed.subscribe(actor, id, session, follower::on);
        boolean replying;
        try {
            // Asked after subscribing: a reply that begins later is heard from its start.
            replying = conversations.replyInProgress(actor, id);
        } catch (RuntimeException e) {
            subscription.close();
            throw e;
        }
        if (replying) {
            subscription.close();
            return watch(actor, id, session, watcher);
        }
        follower.release();
        return Optional.of(subscription::close);
    }

    /**
     * One watcher's view of the feed. Holds updates until released (the history is out, and the
     * snapshot is in or not coming); after a snapshot, skips the deltas it stands for. Updates of a
     * message the history holds as settled are left out: the subscription began before the read.
     */
    static final class Follower {
        private final String session;
        private final Watcher watcher;
        /** Updates held until release; null once released. */
        private List<ConversationFeed.Published> held = new ArrayList<>();
        private MessageId skipped;
        private int skippedUpTo;
        private Set<MessageId> settled = Set.of();

        Follower(String session, Watcher watcher) {
            this.session = session;
            this.watcher = watcher;
        }

        synchronized void read(ConversationView view) {
            settled = view.messages().stream().filter(m -> m.status() != MessageStatus.STREAMING).map(Message::id)
                    .collect(Collectors.toUnmodifiableSet());
            watcher.history(view);
        }

        synchronized void on(ConversationFeed.Update update) {
            switch (update) {
                case ConversationFeed.Published published -> {
                    if (session.equals(published.origin())) {
                        return; // the session's own message: it has every event of it already
                    }
                    if (held != null) {
                        held.add(published);
                    } else {
                        pass(published);
                    }
                }
                case ConversationFeed.Snapshot snapshot -> {
                    if (!session.equals(snapshot.requester()) || held == null) {
                        return; // another watcher's, or too late: what it stands for was passed on
                    }
                    if (snapshot.message() == null || !settled.contains(snapshot.message())) {
                        snapshot.frames().forEach(this::send);
                    }
                    skipped = snapshot.message();
                    skippedUpTo = snapshot.upTo();
                    release();
                }
            }
        }

        /** Passes on what was held, in order, and everything after it as it comes. */
        synchronized void release() {
            if (held == null) {
                return;
            }
            List<ConversationFeed.Published> waiting = held;
            held = null;
            waiting.forEach(this::pass);
        }

        private void pass(ConversationFeed.Published published) {
            if (published.message() != null && settled.contains(published.message())) {
                return;
            }
            if (published.seq() >= 0 && published.message() != null && published.message().equals(skipped)
                    && published.seq() < skippedUpTo) {
                return; // in the snapshot already
            }
            send(published.frame());
        }

        private void send(String frame) {
            try {
                watcher.frame(frame);
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "a watcher could not take a frame", e);
            }
        }
    }
}
