package dev.mosaic.application.service;

import dev.mosaic.application.job.Cadence;
import dev.mosaic.application.job.JobHandler;
import dev.mosaic.application.job.JobRequest;
import dev.mosaic.application.job.JobType;
import dev.mosaic.application.job.PayloadSchema;
import dev.mosaic.application.job.Schedule;
import dev.mosaic.application.port.out.InsightIndexes;
import dev.mosaic.application.port.out.InsightIndexes.Candidate;
import dev.mosaic.application.port.out.InsightIndexes.Present;
import dev.mosaic.application.port.out.embedding.VectorSpace;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps an index of their own for the users with the most insight vectors of the active model
 * (docs/adr/0018): {@code insight-indexes} builds one for each user with at least
 * {@link Settings#threshold} vectors, the largest first and at most {@link Settings#max} in all, and
 * drops those whose user fell below half the threshold (forgot everything, retired most, moved to
 * another model), or that no longer rank among the largest. Halving keeps a user near the threshold
 * from having an index built and dropped in turns. Safe to repeat: it compares what is wanted with
 * what is there.
 */
public final class InsightIndexJobs {
    private static final Logger LOG = Logger.getLogger(InsightIndexJobs.class.getName());

    /** Builds run one after another, each a few seconds to minutes per 10,000 vectors. */
    public static final JobType SWEEP = JobType.of("insight-indexes", MaintenanceJobs.QUEUE, PayloadSchema.EMPTY)
            .withTimeout(Duration.ofMinutes(60));

    /**
     * @param threshold insight vectors of one model from which a user gets an index of their own
     * @param max the most such indexes; 0 keeps none (and drops those there are)
     */
    public record Settings(long threshold, int max) {
        public static final Settings DEFAULTS = new Settings(5_000, 100);

        public Settings {
            if (threshold < 2) {
                throw new IllegalArgumentException("the threshold is at least 2 insights, not " + threshold);
            }
            if (max < 0) {
                throw new IllegalArgumentException("the most indexes is 0 or more, not " + max);
            }
        }
    }

    /** What a sweep did. */
    public record Outcome(List<String> created, List<String> dropped, List<String> kept) {}

    private final InsightIndexes indexes;
    private final Supplier<VectorSpace> active;
    private final Settings settings;

    /** @param active the active embedding model's space, asked at each sweep */
    public InsightIndexJobs(InsightIndexes indexes, Supplier<VectorSpace> active, Settings settings) {
        this.indexes = Objects.requireNonNull(indexes, "indexes");
        this.active = Objects.requireNonNull(active, "active");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    public Map<JobType, JobHandler> handlers() {
        return Map.of(SWEEP, job -> sweep());
    }

    public static Schedule schedule(String cadence) {
        return new Schedule(SWEEP.name(), Cadence.parse(cadence), JobRequest.of(SWEEP.name(), Map.of()));
    }

    /** Builds the indexes wanted and missing, then drops those no longer wanted. */
    public Outcome sweep() {
        VectorSpace space = active.get();
        List<Present> present = indexes.present();
        // Wanted: the largest users of the active model, and users indexed already who still have at
        // least half the threshold of a model; the largest of them, up to the most there may be.
        List<Candidate> candidates = settings.max() > 0 && space.dimensions() <= InsightIndexes.MAX_DIMENSIONS
                ? indexes.largest(space, settings.threshold(), settings.max()) : List.of();
        Map<String, Long> wanted = new LinkedHashMap<>();
        candidates.forEach(c -> wanted.put(c.name(), c.vectors()));
        for (Present p : present) {
            if (p.vectors() >= (settings.threshold() + 1) / 2) {
                wanted.putIfAbsent(p.name(), p.vectors());
            }
        }
        List<String> ranked = wanted.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()))
                .limit(settings.max()).map(Map.Entry::getKey).toList();
        List<String> created = new ArrayList<>();
        List<String> dropped = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        Map<String, Present> byName = new LinkedHashMap<>();
        present.forEach(p -> byName.put(p.name(), p));
        // A failed build leaves an unusable index of the same name: it goes first, and is built again.
        for (Present p : present) {
            if (!p.usable() || !ranked.contains(p.name())) {
                indexes.drop(p);
                dropped.add(p.name());
                byName.remove(p.name());
            }
        }
        for (Candidate c : candidates) {
            if (!byName.containsKey(c.name()) && ranked.contains(c.name())) {
                try {
                    indexes.create(c);
                    created.add(c.name());
                } catch (RuntimeException e) {
                    // The next sweep finds it unusable or missing and tries again.
                    LOG.log(Level.WARNING, "insight-indexes: the index of user " + c.owner() + " for " + space
                            + " was not built", e);
                }
            }
        }
        kept.addAll(byName.keySet());
        Outcome outcome = new Outcome(created, dropped, kept);
        if (!created.isEmpty() || !dropped.isEmpty()) {
            LOG.info(() -> "insight-indexes: " + created.size() + " built, " + dropped.size() + " dropped, "
                    + kept.size() + " kept (users with at least " + settings.threshold() + " insights of " + space + ")");
        }
        return outcome;
    }
}
