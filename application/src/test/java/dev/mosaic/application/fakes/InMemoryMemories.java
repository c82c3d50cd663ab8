package dev.mosaic.application.fakes;

import dev.mosaic.application.Page;
import dev.mosaic.application.PageRequest;
import dev.mosaic.application.port.out.Memories;
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
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A fake {@link Memories}, exact search by cosine distance; each user's memory apart from the others'.
 * An insight keeps a vector per space, as the embeddings table keeps one per model.
 */
public final class InMemoryMemories implements Memories {
    private int coverageCounts;
    private record Stored(Insight insight, Map<VectorSpace, Embedding> embeddings) {
        Stored(Insight insight, Embedding embedding) {
            this(insight, new ConcurrentHashMap<>(Map.of(embedding.space(), embedding)));
        }

        Stored withInsight(Insight changed) {
            return new Stored(changed, embeddings);
        }
    }

    private final Map<UserId, Map<String, Preference>> preferences = new ConcurrentHashMap<>();
    private final Map<UserId, Map<InsightId, Stored>> insights = new ConcurrentHashMap<>();

    @Override
    public synchronized List<Preference> preferences(UserId actor) {
        return List.copyOf(preferences.getOrDefault(actor, Map.of()).values());
    }

    @Override
    public synchronized void savePreference(UserId actor, Preference preference) {
        preferences.computeIfAbsent(actor, a -> new TreeMap<>()).put(preference.key(), preference);
    }

    @Override
    public synchronized boolean deletePreference(UserId actor, String key) {
        return preferences.getOrDefault(actor, new TreeMap<>()).remove(key) != null;
    }

    @Override
    public synchronized void saveInsight(UserId actor, Insight insight, Embedding embedding) {
        insights.computeIfAbsent(actor, a -> new ConcurrentHashMap<>()).put(insight.id(), new Stored(insight, embedding));
    }

    @Override
    public synchronized Page<Insight> insights(UserId actor, PageRequest page) {
        List<Insight> all = insightsOf(actor).stream().map(Stored::insight)
                .sorted(Comparator.comparing(Insight::createdAt).reversed().thenComparing(i -> i.id().value()))
                .toList();
        return new Page<>(all.stream().skip(page.offset()).limit(page.size()).toList(), page, all.size());
    }

    @Override
    public synchronized Optional<Insight> insight(UserId actor, InsightId id) {
        return Optional.ofNullable(insights.getOrDefault(actor, Map.of()).get(id)).map(Stored::insight);
    }

    @Override
    public synchronized boolean deleteInsight(UserId actor, InsightId id) {
        return insights.getOrDefault(actor, new ConcurrentHashMap<>()).remove(id) != null;
    }

    @Override
    public synchronized List<Match> nearestInsights(UserId actor, Embedding query, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, not " + limit);
        }
        return insightsOf(actor).stream()
                .filter(s -> s.embeddings().containsKey(query.space()))
                .map(s -> new Match(s.insight(), InMemoryEmbeddingVectors.cosineDistance(query.vector(),
                        s.embeddings().get(query.space()).vector())))
                .sorted(Comparator.comparingDouble(Match::distance).thenComparing(m -> m.insight().id().value()))
                .limit(limit)
                .toList();
    }

    @Override
    public synchronized void markUsed(UserId actor, Collection<InsightId> ids, Instant at) {
        Map<InsightId, Stored> own = insights.get(actor);
        if (own == null) {
            return;
        }
        for (InsightId id : ids) {
            own.computeIfPresent(id, (key, s) -> s.insight().lastUsedAt().isAfter(at) ? s : s.withInsight(new Insight(
                    s.insight().id(), s.insight().text(), s.insight().conversation(), s.insight().message(),
                    s.insight().createdAt(), at)));
        }
    }

    @Override
    public synchronized ForgottenMemory forgetAll(UserId actor) {
        Map<String, Preference> forgottenPreferences = preferences.remove(actor);
        Map<InsightId, Stored> forgottenInsights = insights.remove(actor);
        return new ForgottenMemory(forgottenInsights == null ? 0 : forgottenInsights.size(),
                forgottenPreferences == null ? 0 : forgottenPreferences.size());
    }

    /** How many times a coverage was counted. */
    public synchronized int coverageCounts() {
        return coverageCounts;
    }

    @Override
    public synchronized InsightCoverage coverage(UserId actor, VectorSpace active, Optional<VectorSpace> previous) {
        coverageCounts++;
        Collection<Stored> own = insightsOf(actor);
        return new InsightCoverage(own.size(), own.stream().filter(s -> s.embeddings().containsKey(active)).count(),
                previous.map(p -> own.stream().filter(s -> s.embeddings().containsKey(p)).count()).orElse(0L));
    }

    @Override
    public synchronized List<Lacking> lackingVectors(VectorSpace space, Optional<UserId> after, int limit) {
        return insights.entrySet().stream()
                .filter(e -> after.isEmpty() || e.getKey().value().compareTo(after.get().value()) > 0)
                .map(e -> new Lacking(e.getKey(), e.getValue().values().stream()
                        .filter(s -> !s.embeddings().containsKey(space)).count(), Instant.EPOCH))
                .filter(l -> l.lacking() > 0)
                .sorted(Comparator.comparing(l -> l.owner().value()))
                .limit(limit)
                .toList();
    }

    @Override
    public synchronized List<Insight> withoutVector(UserId actor, VectorSpace space, int limit) {
        return insightsOf(actor).stream().filter(s -> !s.embeddings().containsKey(space)).map(Stored::insight)
                .sorted(Comparator.comparing(Insight::createdAt).thenComparing(i -> i.id().value()))
                .limit(limit)
                .toList();
    }

    @Override
    public synchronized int storeVectors(UserId actor, Map<InsightId, Embedding> vectors, Instant createdAt) {
        Map<InsightId, Stored> own = insights.getOrDefault(actor, Map.of());
        int stored = 0;
        for (Map.Entry<InsightId, Embedding> vector : vectors.entrySet()) {
            Stored s = own.get(vector.getKey());
            if (s != null) {
                s.embeddings().put(vector.getValue().space(), vector.getValue());
                stored++;
            }
        }
        return stored;
    }

    @Override
    public synchronized int deleteOtherVectors(UserId actor, VectorSpace kept) {
        Collection<Stored> own = insightsOf(actor);
        if (!own.stream().allMatch(s -> s.embeddings().containsKey(kept))) {
            return 0;
        }
        int deleted = 0;
        for (Stored s : own) {
            deleted += s.embeddings().size() - 1;
            s.embeddings().keySet().retainAll(Set.of(kept));
        }
        return deleted;
    }

    @Override
    public synchronized List<UserId> withInsightsUnusedSince(Instant lastUse, int limit) {
        return insights.entrySet().stream()
                .filter(e -> e.getValue().values().stream().anyMatch(s -> !s.insight().lastUsedAt().isAfter(lastUse)))
                .map(Map.Entry::getKey)
                .sorted(Comparator.comparing(UserId::value))
                .limit(limit)
                .toList();
    }

    @Override
    public synchronized int retireUnusedSince(UserId actor, Instant lastUse) {
        Map<InsightId, Stored> own = insights.getOrDefault(actor, Map.of());
        int before = own.size();
        own.values().removeIf(s -> !s.insight().lastUsedAt().isAfter(lastUse));
        return before - own.size();
    }

    private Collection<Stored> insightsOf(UserId actor) {
        return insights.getOrDefault(actor, Map.of()).values();
    }
}
