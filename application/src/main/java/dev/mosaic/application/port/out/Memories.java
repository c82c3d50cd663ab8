package dev.mosaic.application.port.out;

import dev.mosaic.application.Page;
import dev.mosaic.application.PageRequest;
import dev.mosaic.application.port.out.embedding.Embedding;
import dev.mosaic.application.port.out.embedding.VectorSpace;
import dev.mosaic.application.view.ForgottenMemory;
import dev.mosaic.domain.memory.Insight;
import dev.mosaic.domain.memory.InsightCoverage;
import dev.mosaic.domain.memory.InsightId;
import dev.mosaic.domain.memory.Preference;
import dev.mosaic.domain.user.UserId;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
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

    /**
     * How many of the actor's insights have a vector of {@code active}, and of {@code previous}.
     *
     * @param previous the space of the model used before; empty counts 0 for it
     */
    InsightCoverage coverage(UserId actor, VectorSpace active, Optional<VectorSpace> previous);

    /**
     * A user whose insights are not all embedded in a space yet.
     *
     * @param lacking how many lack a vector of the space
     * @param newestOther when the newest of the user's insight vectors of other spaces was made (the
     *     epoch when there is none): a change of model is told apart from an earlier one by it
     */
    record Lacking(UserId owner, long lacking, Instant newestOther) {
        public Lacking {
            Objects.requireNonNull(owner, "owner");
            Objects.requireNonNull(newestOther, "newestOther");
        }
    }

    /**
     * Across users, for the sweep that starts their re-embedding: those with insights lacking a vector
     * of the space, by id.
     *
     * @param after only users after this one; empty from the first
     */
    List<Lacking> lackingVectors(VectorSpace space, Optional<UserId> after, int limit);

    /** The actor's insights without a vector of the space, oldest first. */
    List<Insight> withoutVector(UserId actor, VectorSpace space, int limit);

    /**
     * Stores vectors of the actor's insights, replacing those of the same model, in one transaction;
     * an insight deleted meanwhile gets none, so nothing outlives it.
     *
     * @return how many were stored
     */
    int storeVectors(UserId actor, Map<InsightId, Embedding> vectors, Instant createdAt);

    /**
     * Deletes the actor's insight vectors of every space but {@code kept}, but only when every insight
     * of theirs has one of {@code kept}: until then searches may still need the others.
     *
     * @return how many were deleted
     */
    int deleteOtherVectors(UserId actor, VectorSpace kept);

    /** Across users, for the decay sweep: those with an insight last used at or before {@code lastUse}. */
    List<UserId> withInsightsUnusedSince(Instant lastUse, int limit);

    /**
     * Deletes the actor's insights last used at or before {@code lastUse}, with their vectors, in one transaction.
     *
     * @return how many insights were deleted
     */
    int retireUnusedSince(UserId actor, Instant lastUse);
}
