package dev.mosaic.domain.memory;

import dev.mosaic.domain.conversation.ConversationId;
import dev.mosaic.domain.conversation.MessageId;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A fact worth remembering about the user or their work, found again by meaning.
 *
 * @param conversation where it was learnt, or null when it was told directly
 * @param message the message it was learnt from, or null
 * @param lastUsedAt when it was last given to a model or found by a search
 */
public record Insight(InsightId id, String text, ConversationId conversation, MessageId message, Instant createdAt,
        Instant lastUsedAt) {
    public static final int MAX_TEXT_LENGTH = 4_000;
    /** An insight left unused this long counts half as relevant as a fresh one. */
    public static final Duration HALF_LIFE = Duration.ofDays(30);

    public Insight {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(lastUsedAt, "lastUsedAt");
        textProblem(text).ifPresent(problem -> {
            throw new IllegalArgumentException(problem);
        });
    }

    /** Why the text cannot be an insight, or empty when it can. */
    public static Optional<String> textProblem(String text) {
        if (text == null || text.isBlank()) {
            return Optional.of("an insight's text is not empty");
        }
        if (text.length() > MAX_TEXT_LENGTH) {
            return Optional.of("an insight's text is at most " + MAX_TEXT_LENGTH + " characters, not " + text.length());
        }
        return Optional.empty();
    }

    /**
     * How relevant the insight is at {@code now}, given how similar it is to what is asked (0 to 1):
     * the similarity, halved for every {@link #HALF_LIFE} since it was last used.
     */
    public double relevance(double similarity, Instant now) {
        return similarity * weight(now);
    }

    /** What is left of the insight's relevance at {@code now}: 1 when just used, halved every {@link #HALF_LIFE}. */
    public double weight(Instant now) {
        double idle = Math.max(0, Duration.between(lastUsedAt, now).toSeconds());
        return Math.pow(0.5, idle / HALF_LIFE.toSeconds());
    }

    /**
     * Whether the insight is retired at {@code now}: unused for {@code unusedFor} or longer, its weight
     * has fallen to the floor of {@code 0.5^(unusedFor / HALF_LIFE)} or below, and it is let go.
     */
    public boolean isRetired(Instant now, Duration unusedFor) {
        return !lastUsedAt.isAfter(lastUseOfRetired(now, unusedFor));
    }

    /** The latest last use of an insight retired at {@code now}: what a store compares {@code lastUsedAt} with. */
    public static Instant lastUseOfRetired(Instant now, Duration unusedFor) {
        if (unusedFor.isNegative() || unusedFor.isZero()) {
            throw new IllegalArgumentException("an insight is retired after a positive time unused, not " + unusedFor);
        }
        return now.minus(unusedFor);
    }
}
