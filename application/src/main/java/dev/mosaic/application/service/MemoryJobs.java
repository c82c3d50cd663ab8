package dev.mosaic.application.service;

import dev.mosaic.application.job.Cadence;
import dev.mosaic.application.job.Job;
import dev.mosaic.application.job.JobHandler;
import dev.mosaic.application.job.JobRequest;
import dev.mosaic.application.job.JobType;
import dev.mosaic.application.job.PayloadSchema;
import dev.mosaic.application.job.PayloadSchema.Field;
import dev.mosaic.application.job.PayloadSchema.Kind;
import dev.mosaic.application.job.Schedule;
import dev.mosaic.application.port.out.Memories;
import dev.mosaic.application.port.out.OwnerChanges;
import dev.mosaic.application.port.out.embedding.Embedding;
import dev.mosaic.application.port.out.embedding.VectorSpace;
import dev.mosaic.domain.memory.Insight;
import dev.mosaic.domain.memory.InsightCoverage;
import dev.mosaic.domain.memory.InsightId;
import dev.mosaic.domain.user.Owner;
import dev.mosaic.domain.user.UserId;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * Memory's upkeep as background jobs.
 *
 * <p>Re-embedding: after a change of embedding model, a sweep ({@code reembed-sweep}, scheduled and
 * run once when a process starts) finds the users whose insights lack a vector of the active model
 * and enqueues one {@code reembed} job per user, acting for that user. The job embeds the insights
 * in batches; each batch is embedded whole before any of it is written, and written in one
 * transaction, so a model failing mid-way leaves no half-written batch, and the job's retries go on
 * from the batches already written. Only once every insight of the user has a vector of the active
 * model are the other models' vectors deleted; until then searches may still use them.
 *
 * <p>Decay: {@code decay-insights} deletes, with their vectors, the insights {@link Insight#isRetired
 * retired} by having gone unused for the configured period.
 */
public final class MemoryJobs {
    private static final Logger LOG = Logger.getLogger(MemoryJobs.class.getName());

    public static final String QUEUE = "memory";
    public static final JobType REEMBED_SWEEP = JobType.of("reembed-sweep", MaintenanceJobs.QUEUE, PayloadSchema.EMPTY)
            .withTimeout(Duration.ofMinutes(5));
    /** Retried for about a quarter of an hour in all, so an embedding service that is down for a while is waited out. */
    public static final JobType REEMBED = JobType.of("reembed", QUEUE, new PayloadSchema(Map.of(
            "user", Field.required(Kind.UUID),
            "model", Field.required(Kind.TEXT),
            "dimensions", Field.required(Kind.INTEGER))))
            .withAttempts(6).withBackoff(Duration.ofSeconds(30)).withTimeout(Duration.ofMinutes(10));
    public static final JobType DECAY = JobType.of("decay-insights", MaintenanceJobs.QUEUE, PayloadSchema.EMPTY)
            .withTimeout(Duration.ofMinutes(10));

    /**
     * Users re-embedded at once by one process: embedding a user's insights keeps the model busy (the
     * in-process one keeps a core busy), which the embedding of live searches, waited for before an
     * answer, must not queue behind.
     */
    public static final int CONCURRENCY = 1;

    /** Users looked up at once by a sweep. */
    static final int SWEEP_BATCH = 1_000;

    private final Memories memories;
    private final EmbeddingIndex active;
    private final Duration retireUnusedAfter;
    private final int batch;
    private final OwnerChanges changes;
    private final Clock clock;

    /**
     * @param active the active embedding model: what every insight is embedded with in the end
     * @param retireUnusedAfter how long an insight may go unused before it is retired
     * @param batch how many insights go to the model in one call
     * @param changes where each change of a user's insights is announced, so that no instance searches
     *     by what it cached of them before
     */
    public MemoryJobs(Memories memories, EmbeddingIndex active, Duration retireUnusedAfter, int batch,
            OwnerChanges changes, Clock clock) {
        this.memories = Objects.requireNonNull(memories, "memories");
        this.active = Objects.requireNonNull(active, "active");
        this.retireUnusedAfter = Objects.requireNonNull(retireUnusedAfter, "retireUnusedAfter");
        this.changes = Objects.requireNonNull(changes, "changes");
        this.clock = Objects.requireNonNull(clock, "clock");
        Insight.lastUseOfRetired(clock.instant(), retireUnusedAfter); // refuses a period that is not positive
        if (batch < 1) {
            throw new IllegalArgumentException("a batch holds at least one insight, not " + batch);
        }
        this.batch = batch;
    }

    /** @param enqueue how the sweep enqueues the jobs it finds */
    public Map<JobType, JobHandler> handlers(Consumer<JobRequest> enqueue) {
        return Map.of(REEMBED_SWEEP, job -> sweep(enqueue), REEMBED, this::reembed, DECAY, job -> decay());
    }

    public static Schedule reembedSchedule(String cadence) {
        return new Schedule(REEMBED_SWEEP.name(), Cadence.parse(cadence), JobRequest.of(REEMBED_SWEEP.name(), Map.of()));
    }

    public static Schedule decaySchedule(String cadence) {
        return new Schedule(DECAY.name(), Cadence.parse(cadence), JobRequest.of(DECAY.name(), Map.of()));
    }

    /** The sweep, to run once when a process starts, so that a change of model is taken up at once. */
    public static JobRequest sweepNow() {
        return JobRequest.of(REEMBED_SWEEP.name(), Map.of());
    }

    /**
     * Enqueues a {@code reembed} job per user with insights lacking a vector of the active model. The
     * key names the user, the model and the newest vector the user has of other models, so that a
     * sweep while the job is waiting or running is a no-op, and a later change back to a model used
     * before (which finds newer vectors of the other) is not taken for this one.
     *
     * @return how many users were found
     */
    int sweep(Consumer<JobRequest> enqueue) {
        VectorSpace space = active.space();
        // A model's name can be long; the key's part for it is not.
        UUID target = UUID.nameUUIDFromBytes((space.model() + "\n" + space.dimensions()).getBytes(StandardCharsets.UTF_8));
        int users = 0;
        Optional<UserId> after = Optional.empty();
        List<Memories.Lacking> page;
        do {
            page = memories.lackingVectors(space, after, SWEEP_BATCH);
            for (Memories.Lacking user : page) {
                enqueue.accept(JobRequest.of(REEMBED.name(), Map.of("user", user.owner().toString(), "model",
                                space.model(), "dimensions", Integer.toString(space.dimensions())))
                        .actingFor(user.owner())
                        .withIdempotencyKey("reembed:" + user.owner() + ":" + target + ":"
                                + user.newestOther().toEpochMilli()));
                after = Optional.of(user.owner());
            }
            users += page.size();
        } while (page.size() == SWEEP_BATCH);
        int found = users;
        if (found > 0) {
            LOG.info(() -> "reembed-sweep: " + found + " user(s) have insights to embed with " + space);
        }
        return found;
    }

    void reembed(Job job) throws InterruptedException {
        UserId owner = new UserId(UUID.fromString(job.payload().get("user")));
        VectorSpace wanted = new VectorSpace(job.payload().get("model"), Integer.parseInt(job.payload().get("dimensions")));
        VectorSpace space = active.space();
        if (!wanted.equals(space)) {
            // The model changed again since the sweep; the next sweep enqueues the job for the new one.
            LOG.info(() -> "reembed: skipped for user " + owner + ": the active model is " + space + ", not " + wanted);
            return;
        }
        InsightCoverage coverage = memories.coverage(owner, space, Optional.empty());
        long left = coverage.insights() - coverage.active();
        LOG.info(() -> "reembed: user " + owner + " has " + left + " insight(s) to embed with " + space);
        int embedded = 0;
        while (true) {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException("stopped after " + embedded + " insight(s); the next attempt goes on");
            }
            List<Insight> next = memories.withoutVector(owner, space, batch);
            if (next.isEmpty()) {
                break;
            }
            // Thrown when the model fails: nothing of this batch is written, and the job is retried.
            List<Embedding> vectors = active.embedAll(next.stream().map(Insight::text).toList(), "insight");
            Map<InsightId, Embedding> byInsight = new LinkedHashMap<>();
            for (int i = 0; i < next.size(); i++) {
                byInsight.put(next.get(i).id(), vectors.get(i));
            }
            // Each round stores the batch or finds it deleted meanwhile; either way the next finds others.
            embedded += memories.storeVectors(owner, byInsight, clock.instant());
            changes.publish(Owner.of(owner));
            int done = embedded;
            LOG.fine(() -> "reembed: user " + owner + ": " + done + " of " + left + " insight(s) embedded");
        }
        int dropped = memories.deleteOtherVectors(owner, space);
        if (dropped > 0) {
            changes.publish(Owner.of(owner));
        }
        int done = embedded;
        LOG.info(() -> "reembed: user " + owner + ": " + done + " insight(s) embedded with " + space + "; " + dropped
                + " vector(s) of other models deleted");
    }

    /** @return how many insights were retired */
    int decay() {
        Instant lastUse = Insight.lastUseOfRetired(clock.instant(), retireUnusedAfter);
        int retired = 0;
        int users = 0;
        while (true) {
            List<UserId> found = memories.withInsightsUnusedSince(lastUse, SWEEP_BATCH);
            int round = 0;
            for (UserId user : found) {
                int gone = memories.retireUnusedSince(user, lastUse);
                if (gone > 0) {
                    changes.publish(Owner.of(user));
                }
                round += gone;
            }
            retired += round;
            users += found.size();
            if (found.size() < SWEEP_BATCH || round == 0) {
                break;
            }
        }
        int total = retired;
        int of = users;
        LOG.info(() -> "decay-insights: retired " + total + " insight(s) of " + of + " user(s) unused since " + lastUse);
        return retired;
    }
}
