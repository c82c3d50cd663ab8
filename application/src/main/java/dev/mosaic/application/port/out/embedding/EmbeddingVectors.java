package dev.mosaic.application.port.out.embedding;

import dev.mosaic.domain.conversation.MessageId;
import dev.mosaic.domain.user.UserId;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The acting user's embedding vectors, each stored with the model that made it.
 *
 * <p>Vectors of different models are not comparable: each model places text in a space of its own,
 * so the distance between a vector of one model and a vector of another means nothing, even when
 * their sizes agree; and one model configured for different sizes makes vectors that do not compare
 * either. So every vector is stored under {@link Embedding#model()}, and a search compares its query
 * only with stored vectors of the same model <em>and</em> the same number of dimensions. After a
 * change of model, what was embedded before must be embedded again to be found.
 */
public interface EmbeddingVectors {

    /**
     * What a vector embeds: a kind of thing and that thing's id.
     *
     * @param kind lower-case letters, digits and underscores, starting with a letter, at most 32
     *     characters, e.g. {@code message}
     */
    record Subject(String kind, String id) {
        private static final Pattern KIND = Pattern.compile("[a-z][a-z0-9_]{0,31}");

        public Subject {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(id, "id");
            if (!KIND.matcher(kind).matches()) {
                throw new IllegalArgumentException("a subject kind is 1 to 32 lower-case letters, digits or"
                        + " underscores, starting with a letter, not '" + kind + "'");
            }
            if (id.isBlank()) {
                throw new IllegalArgumentException("a subject id is not blank");
            }
        }

        public static Subject message(MessageId message) {
            return new Subject("message", message.toString());
        }
    }

    /**
     * A stored vector near a query.
     *
     * @param distance cosine distance to the query: 0 for the same direction, 1 for orthogonal, 2 for
     *     opposite; the vectors' lengths play no part
     */
    record Match(Subject subject, double distance) {
        public Match {
            Objects.requireNonNull(subject, "subject");
        }
    }

    /**
     * Stores the subject's vector, replacing the one the same model made for it before; vectors that
     * other models made for the subject stay.
     *
     * @param createdAt when the vector was made
     */
    void store(UserId actor, Subject subject, Embedding embedding, Instant createdAt);

    /**
     * The actor's stored vectors nearest to {@code query} by cosine distance, nearest first, among those
     * of the query's model with the query's number of dimensions only; vectors of any other model or
     * size are never returned, however close they would seem. Equally near ones are ordered by
     * subject kind, then id.
     *
     * @param limit at most this many, at least 1
     */
    List<Match> nearest(UserId actor, Embedding query, int limit);

    /**
     * Deletes the subject's vectors, of every model.
     *
     * @return how many were deleted; 0 when the actor has none for this subject
     */
    int delete(UserId actor, Subject subject);
}
