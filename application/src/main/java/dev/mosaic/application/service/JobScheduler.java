package dev.mosaic.application.service;

import dev.mosaic.application.job.JobType;
import dev.mosaic.application.job.Schedule;
import dev.mosaic.application.port.out.JobQueue;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Fires the schedules. Every instance runs one; each looks every {@code check} for the latest tick
 * at or before now and asks the queue to fire it, which enqueues the job only if no instance fired
 * that tick or a later one. Ticks missed while every instance was down are not caught up one by one:
 * the first instance up fires the latest of them, once.
 */
public final class JobScheduler implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(JobScheduler.class.getName());

    private final JobQueue queue;
    private final JobService jobs;
    private final List<Schedule> schedules;
    private final Clock clock;
    private final Duration check;
    /** The tick this instance last handed to the queue, per schedule: only a newer one is worth a call. */
    private final Map<String, Instant> handed = new HashMap<>();
    private Thread thread;

    public JobScheduler(JobQueue queue, JobService jobs, List<Schedule> schedules, Clock clock, Duration check) {
        this.queue = Objects.requireNonNull(queue);
        this.jobs = Objects.requireNonNull(jobs);
        this.schedules = List.copyOf(schedules);
        this.clock = Objects.requireNonNull(clock);
        this.check = Objects.requireNonNull(check);
    }

    public synchronized JobScheduler start() {
        thread = Thread.ofVirtual().name("job-scheduler").start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                fireDue();
                try {
                    Thread.sleep(check);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        return this;
    }

    /** One round: fires each schedule's latest due tick, unless this instance already handed it over. */
    public void fireDue() {
        Instant now = clock.instant();
        for (Schedule schedule : schedules) {
            Instant tick = schedule.cadence().latestAtOrBefore(now);
            if (tick.equals(handed.get(schedule.name()))) {
                continue;
            }
            try {
                JobType type = jobs.typeOf(schedule.job());
                queue.fireTick(schedule.name(), tick, type.queue(), schedule.job()
                        .withIdempotencyKey("schedule:" + schedule.name() + ":" + tick.toEpochMilli()), type.maxAttempts())
                        .ifPresent(id -> LOG.fine(() -> "schedule " + schedule.name() + " fired " + tick + ": job " + id));
                handed.put(schedule.name(), tick);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "schedule " + schedule.name() + ": could not fire " + tick + "; trying again", e);
            }
        }
    }

    @Override
    public synchronized void close() {
        if (thread != null) {
            thread.interrupt();
        }
    }
}
