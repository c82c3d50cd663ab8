package dev.mosaic.adapters.out.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.application.job.Job;
import dev.mosaic.application.job.JobEvent;
import dev.mosaic.application.job.JobHandler;
import dev.mosaic.application.job.JobId;
import dev.mosaic.application.job.JobRequest;
import dev.mosaic.application.job.JobState;
import dev.mosaic.application.job.JobType;
import dev.mosaic.application.job.PayloadSchema;
import dev.mosaic.application.service.JobWorkers;
import dev.mosaic.domain.user.UserId;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The worker runtime over the real Redis queue: outcomes, retries, timeouts, bad jobs, shutdown. */
class JobWorkersTest {
    private static final PayloadSchema N = new PayloadSchema(Map.of("n", PayloadSchema.Field.required(PayloadSchema.Kind.INTEGER)));
    private static final JobWorkers.Settings SETTINGS = new JobWorkers.Settings(Duration.ofSeconds(2), Duration.ofMillis(10),
            Duration.ofMillis(200), Duration.ofSeconds(2));

    private final JobRedis redis = new JobRedis();
    private final RedisJobQueue queue = redis.queue();
    private final List<JobEvent> events = new CopyOnWriteArrayList<>();
    private JobWorkers workers;

    @AfterEach
    void stop() {
        if (workers != null) {
            workers.close();
        }
        redis.close();
    }

    private JobWorkers start(JobType type, JobHandler handler) {
        workers = new JobWorkers(queue, events::add, Map.of(type, handler), SETTINGS, Clock.systemUTC()).serve(type.queue(), 4);
        return workers;
    }

    private JobId enqueue(JobType type, Map<String, String> payload) {
        return queue.enqueue(type.queue(), JobRequest.of(type.name(), payload), type.maxAttempts()).id();
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("never happened: " + what);
            }
            Thread.sleep(10);
        }
    }

    private JobState stateOf(JobId id) {
        return queue.job(id).map(Job::state).orElse(null);
    }

    private List<JobEvent.Outcome> outcomes(JobId id) {
        return events.stream().filter(e -> e.job().equals(id)).map(JobEvent::outcome).toList();
    }

    @Test
    void jobsRunOnceEachAndTheLogSaysSoWithTheUser() throws InterruptedException {
        JobType type = JobType.of("count", "q1", N);
        Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
        start(type, job -> runs.computeIfAbsent(job.payload().get("n"), n -> new AtomicInteger()).incrementAndGet());
        UserId user = UserId.random();
        JobId acting = queue.enqueue("q1", JobRequest.of("count", Map.of("n", "0")).actingFor(user), 3).id();
        for (int i = 1; i < 50; i++) {
            enqueue(type, Map.of("n", "" + i));
        }
        await(() -> runs.size() == 50 && stateOf(acting) == JobState.COMPLETED, "50 jobs ran");
        await(() -> events.stream().filter(e -> e.outcome() == JobEvent.Outcome.COMPLETED).count() == 50, "50 completions logged");
        assertTrue(runs.values().stream().allMatch(c -> c.get() == 1));
        assertEquals(List.of(JobEvent.Outcome.STARTED, JobEvent.Outcome.COMPLETED), outcomes(acting));
        assertEquals(Optional.of(user), events.stream().filter(e -> e.job().equals(acting)).findFirst().orElseThrow().user());
    }

    @Test
    void aFailingJobIsRetriedWithBackoffThenDeadWithEveryError() throws InterruptedException {
        JobType type = JobType.of("fails", "q2", PayloadSchema.EMPTY).withBackoff(Duration.ofMillis(50));
        AtomicInteger calls = new AtomicInteger();
        start(type, job -> {
            throw new IllegalStateException("failure " + calls.incrementAndGet());
        });
        JobId id = enqueue(type, Map.of());
        await(() -> stateOf(id) == JobState.DEAD, "dead");
        Job dead = queue.job(id).orElseThrow();
        assertEquals(3, calls.get(), "three attempts by default");
        assertEquals(List.of(1, 2, 3), dead.errors().stream().map(e -> e.attempt()).toList());
        assertTrue(dead.errors().get(2).message().contains("failure 3"));
        assertTrue(dead.errors().get(2).stack().contains("JobWorkersTest"), "the stack is kept");
        await(() -> outcomes(id).size() == 6, "six events");
        assertEquals(List.of(JobEvent.Outcome.STARTED, JobEvent.Outcome.RETRYING, JobEvent.Outcome.STARTED,
                JobEvent.Outcome.RETRYING, JobEvent.Outcome.STARTED, JobEvent.Outcome.DEAD), outcomes(id));
    }

    @Test
    void aHandlerThatHangsIsInterruptedAtItsTimeoutAndRetried() throws InterruptedException {
        JobType type = JobType.of("hangs", "q3", PayloadSchema.EMPTY).withAttempts(2).withBackoff(Duration.ofMillis(10))
                .withTimeout(Duration.ofMillis(200));
        AtomicInteger interrupted = new AtomicInteger();
        start(type, job -> {
            try {
                Thread.sleep(Duration.ofHours(1));
            } catch (InterruptedException e) {
                interrupted.incrementAndGet();
                throw e;
            }
        });
        JobId id = enqueue(type, Map.of());
        await(() -> stateOf(id) == JobState.DEAD, "dead after two timeouts");
        assertTrue(queue.job(id).orElseThrow().errors().getFirst().message().contains("timeout"));
        await(() -> interrupted.get() == 2, "both attempts interrupted");
    }

    @Test
    void anUnknownTypeOrABadPayloadFailsAtOnceWithoutRetries() throws InterruptedException {
        JobType type = JobType.of("typed", "q4", N);
        AtomicInteger calls = new AtomicInteger();
        start(type, job -> calls.incrementAndGet());
        JobId unknown = queue.enqueue("q4", JobRequest.of("nobody-knows", Map.of()), 3).id();
        JobId bad = queue.enqueue("q4", JobRequest.of("typed", Map.of("n", "not a number")), 3).id();
        await(() -> stateOf(unknown) == JobState.FAILED && stateOf(bad) == JobState.FAILED, "both failed");
        assertEquals(0, calls.get());
        assertTrue(queue.job(unknown).orElseThrow().errors().getFirst().message().contains("unknown job type"));
        assertTrue(queue.job(bad).orElseThrow().errors().getFirst().message().contains("field 'n'"));
        assertEquals(1, queue.job(bad).orElseThrow().attempt());
    }

    @Test
    void closingHandsBackWhatIsStillRunningAndAnotherWorkerFinishesIt() throws InterruptedException {
        JobType type = JobType.of("slow", "q5", PayloadSchema.EMPTY);
        CountDownLatch started = new CountDownLatch(1);
        JobWorkers first = new JobWorkers(queue, events::add, Map.of(type, job -> {
            started.countDown();
            Thread.sleep(Duration.ofHours(1));
        }), new JobWorkers.Settings(Duration.ofSeconds(30), Duration.ofMillis(10), Duration.ofMillis(200),
                Duration.ofMillis(100)), Clock.systemUTC()).serve("q5", 1);
        JobId id = enqueue(type, Map.of());
        started.await();
        first.close();
        assertEquals(JobState.WAITING, stateOf(id), "handed back at once, not after the 30 s visibility timeout");

        AtomicInteger finished = new AtomicInteger();
        start(type, job -> finished.incrementAndGet());
        await(() -> stateOf(id) == JobState.COMPLETED, "completed by the next worker");
        assertEquals(1, queue.job(id).orElseThrow().attempt(), "the handed-back attempt did not count");
    }
}
