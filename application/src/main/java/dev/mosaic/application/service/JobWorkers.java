package dev.mosaic.application.service;

import dev.mosaic.application.job.AttemptError;
import dev.mosaic.application.job.Claim;
import dev.mosaic.application.job.Job;
import dev.mosaic.application.job.JobEvent;
import dev.mosaic.application.job.JobHandler;
import dev.mosaic.application.job.JobState;
import dev.mosaic.application.job.JobType;
import dev.mosaic.application.port.out.JobLog;
import dev.mosaic.application.port.out.JobQueue;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs the jobs of some queues: per queue, a dispatcher claims as many jobs as it has free slots
 * (its concurrency) and runs each on a virtual thread of its own. While a job runs, its claim is
 * extended every third of the visibility timeout; a worker that dies stops extending it, and the
 * queue hands the job to another worker once it expires.
 *
 * <p>A failed attempt is retried after its type's exponential backoff until the attempts are used
 * up; then the job is dead. A job that can never run as stored (an unknown type, a payload failing
 * its schema) fails at once. When the store is away, dispatchers back off up to {@link
 * Settings#maxBackoff} and go on when it returns; a finish that could not be written is left to the
 * visibility timeout, so the job runs again rather than being lost.
 */
public final class JobWorkers implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(JobWorkers.class.getName());
    /**
     * A queue that had no work for a few seconds is polled once a second: polls were most of an idle
     * gateway's CPU. Just after work (a retry falling due a second later) it keeps the short poll; a job
     * that becomes ready on a quiet queue starts up to a second late.
     */
    private static final Duration QUIET_AFTER = Duration.ofSeconds(5);
    private static final Duration QUIET_POLL = Duration.ofSeconds(1);

    /**
     * @param visibility how long a claim lasts without a heartbeat
     * @param idlePoll how long a dispatcher waits when its queue had nothing ready (up to a second once
     *     the queue has been quiet for a few seconds)
     * @param maxBackoff the longest wait between tries while the store cannot be reached
     * @param shutdownGrace how long closing waits for running jobs before handing them back
     */
    public record Settings(Duration visibility, Duration idlePoll, Duration maxBackoff, Duration shutdownGrace) {
        public static final Settings DEFAULT = new Settings(Duration.ofSeconds(30), Duration.ofMillis(100),
                Duration.ofSeconds(5), Duration.ofSeconds(10));

        public Settings {
            if (visibility.toMillis() < 30) {
                throw new IllegalArgumentException("the visibility timeout is at least 30 ms");
            }
        }
    }

    private final JobQueue queue;
    private final JobLog log;
    private final Map<String, JobType> types;
    private final Map<String, JobHandler> handlers;
    private final Settings settings;
    private final Clock clock;
    private final Map<String, Running> running = new ConcurrentHashMap<>();
    private final List<Thread> dispatchers = new ArrayList<>();
    private final ScheduledExecutorService heartbeats;
    private volatile boolean stopping;

    private record Running(Claim claim, FutureTask<Void> task) {}

    /** @param types the known job types with their handlers, by type name */
    public JobWorkers(JobQueue queue, JobLog log, Map<JobType, JobHandler> types, Settings settings, Clock clock) {
        this.queue = Objects.requireNonNull(queue);
        this.log = Objects.requireNonNull(log);
        this.settings = Objects.requireNonNull(settings);
        this.clock = Objects.requireNonNull(clock);
        Map<String, JobType> byName = new ConcurrentHashMap<>();
        Map<String, JobHandler> handlerByName = new ConcurrentHashMap<>();
        types.forEach((type, handler) -> {
            if (byName.put(type.name(), type) != null) {
                throw new IllegalArgumentException("job type " + type.name() + " is registered twice");
            }
            handlerByName.put(type.name(), handler);
        });
        this.types = Map.copyOf(byName);
        this.handlers = Map.copyOf(handlerByName);
        this.heartbeats = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("job-heartbeat")
                .factory());
        long period = Math.max(settings.visibility().toMillis() / 3, 10);
        heartbeats.scheduleAtFixedRate(this::heartbeat, period, period, TimeUnit.MILLISECONDS);
    }

    /** Starts serving {@code name} with up to {@code concurrency} jobs at once. */
    public synchronized JobWorkers serve(String name, int concurrency) {
        JobType.requireName(name, "queue");
        if (concurrency < 1) {
            throw new IllegalArgumentException("a queue's concurrency is at least 1");
        }
        Semaphore free = new Semaphore(concurrency);
        // A platform thread: a loop that wakes ten times a second for the life of the process cost several
        // times more CPU at rest as a virtual thread, in the scheduler's wake-ups around each poll.
        dispatchers.add(Thread.ofPlatform().daemon().name("jobs-" + name).start(() -> dispatch(name, free)));
        return this;
    }

    /** How many jobs run on this worker now. */
    public int runningCount() {
        return running.size();
    }

    private void dispatch(String name, Semaphore free) {
        Duration backoff = Duration.ZERO;
        long lastWork = System.nanoTime();
        while (!stopping) {
            try {
                free.acquire();
                int want = 1 + free.drainPermits();
                List<Claim> claims;
                try {
                    claims = queue.claim(name, want, settings.visibility());
                } catch (RuntimeException e) {
                    free.release(want);
                    backoff = backoff.isZero() ? Duration.ofMillis(100) : min(backoff.multipliedBy(2), settings.maxBackoff());
                    LOG.log(Level.WARNING, "queue " + name + ": cannot claim jobs (" + e.getMessage() + "); trying again in "
                            + backoff.toMillis() + " ms");
                    Thread.sleep(backoff);
                    continue;
                }
                backoff = Duration.ZERO;
                free.release(want - claims.size());
                for (Claim claim : claims) {
                    start(claim, free);
                }
                if (!claims.isEmpty()) {
                    lastWork = System.nanoTime();
                } else {
                    Thread.sleep(System.nanoTime() - lastWork < QUIET_AFTER.toNanos() ? settings.idlePoll()
                            : max(settings.idlePoll(), QUIET_POLL));
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private void start(Claim claim, Semaphore free) {
        Job job = claim.job();
        JobType type = types.get(job.type());
        JobHandler handler = handlers.get(job.type());
        Instant started = clock.instant();
        if (type == null) {
            free.release();
            bury(claim, new AttemptError(job.attempt(), started, "unknown job type '" + job.type() + "'", ""),
                    JobState.FAILED, Duration.ZERO);
            return;
        }
        Optional<String> problem = type.schema().problem(job.payload());
        if (problem.isPresent()) {
            free.release();
            bury(claim, new AttemptError(job.attempt(), started, "payload does not fit its schema: " + problem.get(), ""),
                    JobState.FAILED, Duration.ZERO);
            return;
        }
        FutureTask<Void> task = new FutureTask<>(() -> {
            handler.handle(job);
            return null;
        });
        running.put(claim.token(), new Running(claim, task));
        event(job, JobEvent.Outcome.STARTED, Duration.ZERO, null);
        Thread.ofVirtual().name("job-" + job.type() + "-" + job.id()).start(() -> {
            try {
                Thread.ofVirtual().name("job-run-" + job.id()).start(task);
                finish(claim, type, task, started);
            } finally {
                running.remove(claim.token());
                free.release();
            }
        });
    }

    /** Waits for the handler up to its timeout and records the outcome. */
    private void finish(Claim claim, JobType type, FutureTask<Void> task, Instant started) {
        Job job = claim.job();
        Throwable failure;
        try {
            task.get(type.timeout().toMillis(), TimeUnit.MILLISECONDS);
            Duration took = Duration.between(started, clock.instant());
            if (write(() -> queue.complete(claim), job, "complete")) {
                event(job, JobEvent.Outcome.COMPLETED, took, null);
            }
            return;
        } catch (TimeoutException e) {
            task.cancel(true);
            failure = new TimeoutException("ran longer than its timeout of " + type.timeout());
        } catch (ExecutionException e) {
            failure = e.getCause();
        } catch (InterruptedException | java.util.concurrent.CancellationException e) {
            // Shutdown: close() hands the job back.
            return;
        }
        Duration took = Duration.between(started, clock.instant());
        AttemptError error = AttemptError.of(job.attempt(), clock.instant(), failure);
        if (job.attempt() < type.maxAttempts() && job.attempt() < job.maxAttempts()) {
            Duration delay = type.backoffAfter(job.attempt(), ThreadLocalRandom.current().nextDouble());
            if (write(() -> queue.retryLater(claim, error, delay), job, "retry")) {
                event(job, JobEvent.Outcome.RETRYING, took, error.message());
            }
        } else {
            bury(claim, error, JobState.DEAD, took);
        }
    }

    private void bury(Claim claim, AttemptError error, JobState state, Duration took) {
        Job job = claim.job();
        LOG.warning("job " + job.id() + " (" + job.type() + ") " + state.wireName() + ": " + error.message());
        if (write(() -> queue.bury(claim, error, state), job, state.wireName())) {
            event(job, state == JobState.DEAD ? JobEvent.Outcome.DEAD : JobEvent.Outcome.FAILED, took, error.message());
        }
    }

    /** A write that fails leaves the claim to expire, so the job runs again: never lost, at worst repeated. */
    private boolean write(java.util.function.BooleanSupplier step, Job job, String what) {
        try {
            if (!step.getAsBoolean()) {
                LOG.warning("job " + job.id() + ": its claim was lost before it could " + what
                        + " (visibility timeout passed); another worker runs it");
                return false;
            }
            return true;
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "job " + job.id() + ": could not " + what + "; it runs again after its visibility"
                    + " timeout", e);
            return false;
        }
    }

    private void event(Job job, JobEvent.Outcome outcome, Duration took, String error) {
        try {
            log.record(new JobEvent(job.id(), job.type(), job.queue(), job.attempt(), outcome, took, error, job.user(),
                    clock.instant()));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not write the agent log for job " + job.id(), e);
        }
    }

    private void heartbeat() {
        for (Running r : running.values()) {
            try {
                // A job that finished meanwhile has no claim left to extend; only a running one's loss matters.
                if (!queue.heartbeat(r.claim(), settings.visibility()) && running.containsKey(r.claim().token())) {
                    LOG.warning("job " + r.claim().job().id() + ": claim lost while running");
                }
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "heartbeat failed; trying again", e);
            }
        }
    }

    /**
     * Stops claiming, lets running jobs finish for the grace period, then interrupts the rest and
     * hands them back to their queue without counting the attempt.
     */
    @Override
    public void close() {
        List<Thread> threads;
        synchronized (this) {
            stopping = true;
            threads = List.copyOf(dispatchers);
        }
        threads.forEach(Thread::interrupt);
        long deadline = System.nanoTime() + settings.shutdownGrace().toNanos();
        try {
            for (Thread t : threads) {
                t.join(Duration.ofMillis(Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
            }
            while (!running.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Running r : List.copyOf(running.values())) {
            r.task().cancel(true);
            try {
                queue.handBack(r.claim());
            } catch (RuntimeException e) {
                LOG.warning("could not hand back job " + r.claim().job().id() + "; it runs again after its visibility"
                        + " timeout");
            }
        }
        heartbeats.shutdownNow();
    }
}
