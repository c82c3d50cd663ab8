package dev.mosaic.application.fakes;

import dev.mosaic.application.port.out.embedding.Embedding;
import dev.mosaic.application.port.out.embedding.EmbeddingVectors;
import dev.mosaic.domain.user.UserId;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/** A fake {@link EmbeddingVectors}; passes the same contract as the real one. */
public final class InMemoryEmbeddingVectors implements EmbeddingVectors {
    private record Key(UserId owner, Subject subject, String model) {}

    private static final Comparator<Match> NEAREST_FIRST = Comparator.comparingDouble(Match::distance)
            .thenComparing(m -> m.subject().kind())
            .thenComparing(m -> m.subject().id());

    private final Map<Key, Embedding> vectors = new ConcurrentHashMap<>();

    @Override
    public void store(UserId actor, Subject subject, Embedding embedding, Instant createdAt) {
        Objects.requireNonNull(createdAt, "createdAt");
        vectors.put(new Key(actor, subject, embedding.model()), embedding);
    }

    @Override
    public List<Match> nearest(UserId actor, Embedding query, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, not " + limit);
        }
        return vectors.entrySet().stream()
                .filter(e -> e.getKey().owner().equals(actor) && e.getKey().model().equals(query.model())
                        && e.getValue().dimensions() == query.dimensions())
                .map(e -> new Match(e.getKey().subject(), cosineDistance(query.vector(), e.getValue().vector())))
                .sorted(NEAREST_FIRST)
                .limit(limit)
                .toList();
    }

    @Override
    public int delete(UserId actor, Subject subject) {
        List<Key> keys = vectors.keySet().stream()
                .filter(key -> key.owner().equals(actor) && key.subject().equals(subject))
                .toList();
        return (int) keys.stream().filter(key -> vectors.remove(key) != null).count();
    }

    /** 1 − cosine similarity, as pgvector's {@code <=>} computes it; also the oracle of the real store's tests. */
    public static double cosineDistance(float[] a, float[] b) {
        double dot = 0;
        double normA = 0;
        double normB = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            normA += (double) a[i] * a[i];
            normB += (double) b[i] * b[i];
        }
        return 1 - dot / Math.sqrt(normA * normB);
    }
}
