package dev.mosaic.application.service;

import dev.mosaic.application.port.out.embedding.Embedding;
import dev.mosaic.application.port.out.embedding.EmbeddingModel;
import dev.mosaic.application.port.out.embedding.EmbeddingModel.EmbeddingException;
import dev.mosaic.application.port.out.embedding.EmbeddingVectors;
import dev.mosaic.application.port.out.embedding.EmbeddingVectors.Match;
import dev.mosaic.application.port.out.embedding.EmbeddingVectors.Subject;
import dev.mosaic.application.port.out.embedding.VectorSpace;
import dev.mosaic.domain.user.UserId;
import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * Search by meaning over the acting user's things. Text is embedded with one model and stored under
 * that model's name; a query is embedded with the same model, so it only ever meets vectors it can be
 * compared with (see {@link EmbeddingVectors}).
 *
 * <p>The model's answer is checked before it is stored or searched with: a vector of another label or
 * size would be filed where no search of this model finds it, and one with no direction (all zeros,
 * or not finite) has no cosine distance to anything.
 */
public final class EmbeddingIndex {
    private final EmbeddingModel model;
    private final EmbeddingVectors vectors;
    private final Clock clock;

    public EmbeddingIndex(EmbeddingModel model, EmbeddingVectors vectors, Clock clock) {
        this.model = Objects.requireNonNull(model, "model");
        this.vectors = Objects.requireNonNull(vectors, "vectors");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Embeds the subject's text and stores the vector, replacing the one this model made for the
     * subject before.
     *
     * @throws IllegalArgumentException when the text is blank
     * @throws EmbeddingException when the model fails or answers with an unusable vector
     */
    public void index(UserId actor, Subject subject, String text) {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(subject, "subject");
        vectors.store(actor, subject, embed(text, "text to index"), clock.instant());
    }

    /**
     * The actor's subjects whose text is nearest in meaning to the query, nearest first.
     *
     * @param limit at most this many, at least 1
     * @throws IllegalArgumentException when the query is blank or the limit below 1
     * @throws EmbeddingException when the model fails or answers with an unusable vector
     */
    public List<Match> search(UserId actor, String query, int limit) {
        Objects.requireNonNull(actor, "actor");
        if (limit < 1) {
            throw new IllegalArgumentException("a search returns at least 1 result, not " + limit);
        }
        return vectors.nearest(actor, embed(query, "search query"), limit);
    }

    /**
     * The text's vector, checked as described above.
     *
     * @param what what the text is, for the error messages, e.g. {@code search query}
     * @throws IllegalArgumentException when the text is blank
     * @throws EmbeddingException when the model fails or answers with an unusable vector
     */
    public Embedding embed(String text, String what) {
        return embedAll(List.of(Objects.requireNonNull(text, what)), what).getFirst();
    }

    /**
     * The texts' vectors, in order, each checked as described above; one call to the model.
     *
     * @throws IllegalArgumentException when a text is blank
     * @throws EmbeddingException when the model fails or answers with an unusable vector for any text
     */
    public List<Embedding> embedAll(List<String> texts, String what) {
        for (String text : texts) {
            Objects.requireNonNull(text, what);
            if (text.isBlank()) {
                throw new IllegalArgumentException("nothing to embed: the " + what + " is blank");
            }
        }
        List<Embedding> answer = model.embed(texts);
        if (answer.size() != texts.size()) {
            throw unusable("answered " + answer.size() + " embeddings for " + texts.size() + " text(s)");
        }
        for (Embedding embedding : answer) {
            if (!embedding.model().equals(model.model())) {
                throw unusable("labelled its vector '" + embedding.model() + "'");
            }
            if (embedding.dimensions() != model.dimensions()) {
                throw unusable("made a vector of " + embedding.dimensions() + " dimensions instead of "
                        + model.dimensions());
            }
            if (!hasDirection(embedding.vector())) {
                throw unusable("made a vector that is all zeros or not finite");
            }
        }
        return answer;
    }

    /** The model's vectors: those this index stores and searches. */
    public VectorSpace space() {
        return VectorSpace.of(model);
    }

    private static boolean hasDirection(float[] vector) {
        boolean nonZero = false;
        for (float value : vector) {
            if (!Float.isFinite(value)) {
                return false;
            }
            nonZero |= value != 0;
        }
        return nonZero;
    }

    private EmbeddingException unusable(String what) {
        return new EmbeddingException("the embedding model '" + model.model() + "' " + what, null);
    }
}
