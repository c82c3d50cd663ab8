package dev.mosaic.application.port.out;

import dev.mosaic.application.Page;
import dev.mosaic.application.PageRequest;
import dev.mosaic.application.job.AttemptError;
import dev.mosaic.application.job.Claim;
import dev.mosaic.application.job.Job;
import dev.mosaic.application.job.JobId;
import dev.mosaic.application.job.JobRequest;
import dev.mosaic.application.job.JobState;
import dev.mosaic.application.job.QueueStats;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Named queues of jobs shared by every process, delivering each job at least once. Every method is
 * one atomic step in the store; each throws {@link dev.mosaic.application.job.QueueUnavailable}
 * when the store cannot be reached. Jobs are the system's, not a user's: only admins see them
 * through the use cases.
 */
public interface JobQueue {

    /** @param created false when a job with the request's idempotency key was already on the queue */
    record Enqueued(JobId id, boolean created) {}

    /** What an admin's retry or delete found. */
    enum Change { DONE, NOT_FOUND, NOT_ALLOWED }

    Enqueued enqueue(String queue, JobRequest request, int maxAttempts);

    /**
     * Enqueues each request as {@link #enqueue} does, in one exchange with the store: each job is
     * added whole or not at all, and when the store fails part way the caller learns it and may send
     * them all again (idempotency keys make that safe).
     *
     * @return one result per request, in order
     */
    List<Enqueued> enqueueAll(String queue, List<JobRequest> requests, int maxAttempts);

    /**
     * Claims up to {@code max} ready jobs of the queue, highest priority first, each for {@code
     * visibility}; nothing while the queue is paused. On the way it makes due delayed jobs ready and
     * takes back jobs whose claim expired (their worker died or stalled): those run again, or are dead
     * once they used their attempts.
     */
    List<Claim> claim(String queue, int max, Duration visibility);

    /** Extends the claim; false when it was lost (expired and taken back, or the job was deleted). */
    boolean heartbeat(Claim claim, Duration visibility);

    boolean complete(Claim claim);

    /** Records the error and makes the job ready again after {@code delay}. */
    boolean retryLater(Claim claim, AttemptError error, Duration delay);

    /** Records the error and ends the job as {@link JobState#FAILED} or {@link JobState#DEAD}. */
    boolean bury(Claim claim, AttemptError error, JobState state);

    /** Returns a job that was not finished (at shutdown) to the queue, without counting the attempt. */
    boolean handBack(Claim claim);

    /**
     * Enqueues the schedule's job for {@code tick} unless this tick or a later one was already fired;
     * the check and the enqueue are one step, so of many instances firing one tick, one enqueues.
     */
    Optional<JobId> fireTick(String schedule, Instant tick, String queue, JobRequest request, int maxAttempts);

    void pause(String queue);

    void resume(String queue);

    Optional<Job> job(JobId id);

    /** Jobs in {@code state}, of one queue or of all, newest first for finished ones, next first otherwise. */
    Page<Job> list(JobState state, Optional<String> queue, PageRequest page);

    /** Makes a failed or dead job ready again with fresh attempts; NOT_ALLOWED for jobs in other states. */
    Change retry(JobId id);

    /** Removes a job that is not running; NOT_ALLOWED for an active one. */
    Change delete(JobId id);

    List<QueueStats> queues();
}
