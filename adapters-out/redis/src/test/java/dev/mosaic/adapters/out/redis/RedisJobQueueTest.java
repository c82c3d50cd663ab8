package dev.mosaic.adapters.out.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.application.PageRequest;
import dev.mosaic.application.job.AttemptError;
import dev.mosaic.application.job.Claim;
import dev.mosaic.application.job.Job;
import dev.mosaic.application.job.JobId;
import dev.mosaic.application.job.JobRequest;
import dev.mosaic.application.job.JobState;
import dev.mosaic.application.job.QueueStats;
import dev.mosaic.application.job.QueueUnavailable;
import dev.mosaic.application.port.out.JobQueue;
import dev.mosaic.domain.user.UserId;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

/** The queue's delivery semantics against the real Redis. */
class RedisJobQueueTest {
    private static final String Q = "work";
    private static final Duration LONG = Duration.ofMinutes(5);

    private final JobRedis redis = new JobRedis();
    private final RedisJobQueue queue = redis.queue();

    @AfterEach
    void clear() {
        redis.close();
    }

    private JobId enqueue(JobRequest request) {
        return queue.enqueue(Q, request, 3).id();
    }

    private static JobRequest job(String n) {
        return JobRequest.of("noop", Map.of("n", n));
    }

    private Claim claimOne(Duration visibility) {
        List<Claim> claims = queue.claim(Q, 1, visibility);
        assertEquals(1, claims.size(), "one job ready");
        return claims.getFirst();
    }

    /** Waits (up to a generous limit) until a claim returns something. */
    private List<Claim> claimWhenReady(Duration visibility) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            List<Claim> claims = queue.claim(Q, 10, visibility);
            if (!claims.isEmpty()) {
                return claims;
            }
            Thread.sleep(20);
        }
        return List.of();
    }

    @Test
    void aJobIsClaimedOnceAndCompletedWithItsPayloadAndUser() {
        UserId user = UserId.random();
        JobId id = enqueue(job("1").actingFor(user));
        Claim claim = claimOne(LONG);
        assertEquals(id, claim.job().id());
        assertEquals(Map.of("n", "1"), claim.job().payload());
        assertEquals(Optional.of(user), claim.job().user());
        assertEquals(1, claim.job().attempt());
        assertEquals(JobState.ACTIVE, claim.job().state());
        assertTrue(queue.claim(Q, 10, LONG).isEmpty(), "a claimed job is not handed out again");

        assertTrue(queue.complete(claim));
        Job done = queue.job(id).orElseThrow();
        assertEquals(JobState.COMPLETED, done.state());
        assertTrue(done.finishedAt() != null);
        assertFalse(queue.complete(claim), "a claim finishes once");
    }

    @Test
    void theSameIdempotencyKeyMakesOneJob() {
        JobQueue.Enqueued first = queue.enqueue(Q, job("1").withIdempotencyKey("k"), 3);
        JobQueue.Enqueued again = queue.enqueue(Q, job("2").withIdempotencyKey("k"), 3);
        assertTrue(first.created());
        assertFalse(again.created());
        assertEquals(first.id(), again.id());
        assertEquals(1, queue.claim(Q, 10, LONG).size());
        assertTrue(queue.enqueue(Q, job("3").withIdempotencyKey("other"), 3).created());
    }

    @Test
    void higherPriorityRunsFirstAndEqualPrioritiesInArrivalOrder() {
        JobId low1 = enqueue(job("low1").withPriority(1));
        JobId low2 = enqueue(job("low2").withPriority(1));
        JobId high = enqueue(job("high").withPriority(8));
        JobId normal = enqueue(job("normal"));
        List<JobId> order = queue.claim(Q, 10, LONG).stream().map(c -> c.job().id()).toList();
        assertEquals(List.of(high, normal, low1, low2), order);
    }

    @Test
    void aDelayedJobWaitsUntilItsTime() throws InterruptedException {
        JobId id = enqueue(job("later").withDelay(Duration.ofMillis(300)));
        assertEquals(JobState.DELAYED, queue.job(id).orElseThrow().state());
        assertTrue(queue.claim(Q, 10, LONG).isEmpty(), "not before its delay");
        List<Claim> claims = claimWhenReady(LONG);
        assertEquals(List.of(id), claims.stream().map(c -> c.job().id()).toList());
    }

    @Test
    void aClaimThatExpiresIsTakenBackAndTheStaleHolderCannotFinishIt() throws InterruptedException {
        JobId id = enqueue(job("1"));
        Claim stale = claimOne(Duration.ofMillis(100));
        List<Claim> again = claimWhenReady(LONG);
        assertEquals(1, again.size());
        Claim fresh = again.getFirst();
        assertEquals(id, fresh.job().id());
        assertEquals(2, fresh.job().attempt(), "the lost attempt counts");

        assertFalse(queue.complete(stale), "the stalled worker's finish is refused");
        assertFalse(queue.heartbeat(stale, LONG));
        assertTrue(queue.heartbeat(fresh, LONG));
        assertTrue(queue.complete(fresh));
        Job done = queue.job(id).orElseThrow();
        assertEquals(JobState.COMPLETED, done.state());
        assertEquals(1, done.errors().size());
        assertTrue(done.errors().getFirst().message().contains("visibility timeout"));
    }

    @Test
    void aHeartbeatKeepsTheClaim() throws InterruptedException {
        enqueue(job("1"));
        Claim claim = claimOne(Duration.ofMillis(300));
        for (int i = 0; i < 6; i++) {
            Thread.sleep(100);
            assertTrue(queue.heartbeat(claim, Duration.ofMillis(300)));
        }
        assertTrue(queue.claim(Q, 10, LONG).isEmpty(), "a job whose worker heartbeats is not taken back");
        assertTrue(queue.complete(claim));
    }

    @Test
    void aJobThatKeepsLosingItsWorkersIsDeadAfterItsAttempts() throws InterruptedException {
        JobId id = queue.enqueue(Q, job("1"), 2).id();
        claimOne(Duration.ofMillis(50));
        assertEquals(1, claimWhenReady(Duration.ofMillis(50)).size());
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (queue.job(id).orElseThrow().state() != JobState.DEAD && System.nanoTime() < deadline) {
            assertTrue(queue.claim(Q, 10, LONG).isEmpty(), "no third attempt");
            Thread.sleep(20);
        }
        Job dead = queue.job(id).orElseThrow();
        assertEquals(JobState.DEAD, dead.state());
        assertEquals(2, dead.errors().size());
    }

    @Test
    void aFailedAttemptWaitsItsBackoffAndKeepsItsError() throws InterruptedException {
        JobId id = enqueue(job("1"));
        Claim first = claimOne(LONG);
        assertTrue(queue.retryLater(first, new AttemptError(1, Instant.now(), "boom", "at somewhere"),
                Duration.ofMillis(200)));
        assertEquals(JobState.DELAYED, queue.job(id).orElseThrow().state());
        assertTrue(queue.claim(Q, 10, LONG).isEmpty());
        Claim second = claimWhenReady(LONG).getFirst();
        assertEquals(2, second.job().attempt());
        assertTrue(queue.bury(second, new AttemptError(2, Instant.now(), "boom again", "trace\u001fwith separator"),
                JobState.DEAD));
        Job dead = queue.job(id).orElseThrow();
        assertEquals(JobState.DEAD, dead.state());
        assertEquals(List.of("boom", "boom again"), dead.errors().stream().map(AttemptError::message).toList());
        assertEquals("at somewhere", dead.errors().getFirst().stack());
        assertEquals(2, dead.errors().get(1).attempt());
    }

    @Test
    void aPausedQueueHandsOutNothingUntilResumed() {
        enqueue(job("1"));
        queue.pause(Q);
        assertTrue(queue.claim(Q, 10, LONG).isEmpty());
        assertTrue(queue.queues().getFirst().paused());
        queue.resume(Q);
        assertEquals(1, queue.claim(Q, 10, LONG).size());
    }

    @Test
    void aHandedBackJobRunsAgainWithoutLosingAnAttempt() {
        JobId id = enqueue(job("1"));
        assertTrue(queue.handBack(claimOne(LONG)));
        Claim again = claimOne(LONG);
        assertEquals(id, again.job().id());
        assertEquals(1, again.job().attempt());
    }

    @Test
    void adminsRetryDeadJobsButNotRunningOnesAndDeleteWhatDoesNotRun() {
        JobId id = enqueue(job("1"));
        assertEquals(JobQueue.Change.NOT_ALLOWED, queue.retry(id), "a waiting job needs no retry");
        Claim claim = claimOne(LONG);
        assertEquals(JobQueue.Change.NOT_ALLOWED, queue.delete(id), "a running job is not deleted");
        queue.bury(claim, new AttemptError(1, Instant.now(), "bad", ""), JobState.FAILED);

        assertEquals(JobQueue.Change.DONE, queue.retry(id));
        Claim retried = claimOne(LONG);
        assertEquals(1, retried.job().attempt(), "a retry starts with fresh attempts");
        assertEquals(1, queue.job(id).orElseThrow().errors().size(), "and keeps the old errors");
        queue.complete(retried);

        assertEquals(JobQueue.Change.DONE, queue.delete(id));
        assertTrue(queue.job(id).isEmpty());
        assertEquals(JobQueue.Change.NOT_FOUND, queue.delete(id));
        assertEquals(JobQueue.Change.NOT_FOUND, queue.retry(JobId.random()));
    }

    @Test
    void listsAndCountsJobsPerState() {
        JobId a = enqueue(job("a"));
        JobId b = enqueue(job("b"));
        enqueue(job("later").withDelay(Duration.ofHours(1)));
        queue.enqueue("other", job("o"), 3);
        Claim claim = claimOne(LONG);
        queue.complete(claim);

        var waiting = queue.list(JobState.WAITING, Optional.of(Q), new PageRequest(1, 10));
        assertEquals(List.of(b), waiting.items().stream().map(Job::id).toList());
        assertEquals(a, queue.list(JobState.COMPLETED, Optional.empty(), new PageRequest(1, 10)).items().getFirst().id());
        var allWaiting = queue.list(JobState.WAITING, Optional.empty(), new PageRequest(1, 1));
        assertEquals(2, allWaiting.total());
        assertEquals(1, allWaiting.items().size());
        assertEquals(1, queue.list(JobState.WAITING, Optional.empty(), new PageRequest(2, 1)).items().size());

        QueueStats work = queue.queues().stream().filter(s -> s.name().equals(Q)).findFirst().orElseThrow();
        assertEquals(1L, work.counts().get(JobState.WAITING));
        assertEquals(1L, work.counts().get(JobState.DELAYED));
        assertEquals(1L, work.counts().get(JobState.COMPLETED));
        assertEquals(0L, work.counts().get(JobState.DEAD));
        assertEquals(1L, work.completedLastMinute());
        assertTrue(work.oldestWaiting() != null);
        assertEquals(List.of("other", Q), queue.queues().stream().map(QueueStats::name).toList());
    }

    @Test
    void finishedJobsBeyondTheRetentionAreRemovedWithTheirKeys() {
        RedisJobQueue small = new RedisJobQueue(redis.redis, redis.namespace, new RedisJobQueue.Retention(2, 2));
        List<JobId> ids = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ids.add(small.enqueue(Q, job("" + i).withIdempotencyKey("k" + i), 3).id());
            small.complete(small.claim(Q, 1, LONG).getFirst());
        }
        // The oldest finished go first; jobs finished within one millisecond may go in either order.
        List<Integer> removed = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            if (small.job(ids.get(i)).isEmpty()) {
                removed.add(i);
            }
        }
        assertEquals(2, removed.size(), "two of four kept");
        assertTrue(small.enqueue(Q, job("again").withIdempotencyKey("k" + removed.getFirst()), 3).created(),
                "a removed job frees its key");
    }

    @Test
    void eachTickFiresOnceAcrossManyCallersAndNeverAfterALaterOne() throws Exception {
        Instant tick = Instant.parse("2026-01-01T00:00:00Z");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Optional<JobId>>> callers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                RedisJobQueue instance = redis.queue();
                callers.add(() -> instance.fireTick("gc", tick, Q, job("t"), 3));
            }
            long fired = 0;
            for (Future<Optional<JobId>> result : pool.invokeAll(callers)) {
                fired += result.get().isPresent() ? 1 : 0;
            }
            assertEquals(1, fired);
        } finally {
            pool.shutdownNow();
        }
        assertTrue(queue.fireTick("gc", tick.plusSeconds(60), Q, job("t"), 3).isPresent());
        assertTrue(queue.fireTick("gc", tick.plusSeconds(30), Q, job("t"), 3).isEmpty(), "an older tick comes too late");
        assertTrue(queue.fireTick("other", tick, Q, job("t"), 3).isPresent(), "schedules count apart");
        assertEquals(3, queue.claim(Q, 10, LONG).size());
    }

    @Test
    void anUnreachableRedisIsAClearErrorAndEnqueuesNothing() {
        try (RedisClient down = RedisClient.create(URI.create("redis://127.0.0.1:1"))) {
            RedisJobQueue unreachable = new RedisJobQueue(down, redis.namespace, RedisJobQueue.Retention.DEFAULT);
            QueueUnavailable e = assertThrows(QueueUnavailable.class, () -> unreachable.enqueue(Q, job("1"), 3));
            assertTrue(e.getMessage().contains("Redis"));
            assertThrows(QueueUnavailable.class, () -> unreachable.enqueueAll(Q, List.of(job("2"), job("3")), 3));
        }
        assertTrue(queue.queues().isEmpty());
        assertNull(queue.claim(Q, 10, LONG).stream().findAny().orElse(null));
    }

    @Test
    void manyJobsEnqueuedAtOnceAreEachAJobInOrderAndKeysStillDeduplicate() {
        List<JobQueue.Enqueued> first = queue.enqueueAll(Q, List.of(job("a"), job("b").withIdempotencyKey("k"),
                job("c").withIdempotencyKey("k")), 3);
        assertEquals(3, first.size());
        assertEquals(List.of(true, true, false), first.stream().map(JobQueue.Enqueued::created).toList());
        assertEquals(first.get(1).id(), first.get(2).id(), "the second request with the key finds the first job");

        // A server that forgot the scripts (restarted, or flushed) is taught them again, and nothing runs twice.
        redis.redis.scriptFlush();
        List<JobQueue.Enqueued> second = queue.enqueueAll(Q, List.of(job("d"), job("e")), 3);
        assertEquals(List.of(true, true), second.stream().map(JobQueue.Enqueued::created).toList());

        List<String> claimed = queue.claim(Q, 10, LONG).stream().map(c -> c.job().payload().get("n")).toList();
        assertEquals(List.of("a", "b", "d", "e"), claimed, "each job once, in the order sent");
    }
}
