package dev.mosaic.application.port.out;

import dev.mosaic.domain.conversation.ConversationId;
import dev.mosaic.domain.user.UserId;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** One summary per conversation that went idle, written by the summarization job, for memory to read. */
public interface ConversationSummaries {

    /** A conversation to summarize: whose it is, and the last activity the summary will cover. */
    record Idle(UserId owner, ConversationId conversation, Instant activity) {}

    /** @param activity the conversation's last activity it covers */
    record Summary(ConversationId conversation, String text, int messagesCovered, Instant activity, String provider,
            String model, Instant createdAt) {
        public Summary {
            Objects.requireNonNull(conversation, "conversation");
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(activity, "activity");
        }
    }

    /**
     * Conversations of every user, idle since before {@code before}, whose activity no summary covers
     * yet, oldest first. Ids only: the summary is made reading each as its owner.
     */
    List<Idle> toSummarize(Instant before, int limit);

    /** Stores the conversation's summary, replacing any older one. */
    void save(UserId actor, Summary summary);

    Optional<Summary> find(UserId actor, ConversationId conversation);
}
