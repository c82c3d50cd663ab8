package dev.mosaic.application.port.out;

import dev.mosaic.application.Page;
import dev.mosaic.application.PageRequest;
import dev.mosaic.application.port.out.embedding.Embedding;
import dev.mosaic.application.view.ForgottenMemory;
import dev.mosaic.domain.memory.Insight;
import dev.mosaic.domain.memory.InsightId;
import dev.mosaic.domain.memory.Preference;
import dev.mosaic.domain.user.UserId;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The acting user's memory: preferences, and insights with their vectors. An insight and its
 * vector are written and deleted together, so neither is ever found without the other. A search
 * compares its query only with vectors of the query's model and size (see
 * {@link dev.mosaic.application.port.out.embedding.EmbeddingVectors}).
 */
public interface Memories {

    /** A stored insight near a query, by cosine distance (0 same direction, 2 opposite). */
    record Match(Insight insight, double distance) {
        public Match {
            Objects.requireNonNull(insight, "insight");
        }
    }

    /** The actor's preferences, by key. */
    List<Preference> preferences(UserId actor);

    /** Sets the preference, replacing the value the key had. */
    void savePreference(UserId actor, Preference preference);

    /** @return false when the actor has no preference of that key */
    boolean deletePreference(UserId actor, String key);

    /** Stores a new insight and its vector in one transaction. */
    void saveInsight(UserId actor, Insight insight, Embedding embedding);

    /** The actor's insights, newest first. */
    Page<Insight> insights(UserId actor, PageRequest page);

    Optional<Insight> insight(UserId actor, InsightId id);

    /** Deletes the insight and its vectors of every model; false when the actor has no such insight. */
    boolean deleteInsight(UserId actor, InsightId id);

    /**
     * The actor's insights whose vectors of the query's model and size are nearest to it, nearest first.
     *
     * @param limit at most this many, at least 1
     */
    List<Match> nearestInsights(UserId actor, Embedding query, int limit);

    /** Records that these insights of the actor's were used at {@code at}; ids of others change nothing. */
    void markUsed(UserId actor, Collection<InsightId> ids, Instant at);

    /** Deletes every insight, vector and preference of the actor's, in one transaction. */
    ForgottenMemory forgetAll(UserId actor);
}
