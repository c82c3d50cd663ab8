package dev.mosaic.adapters.out.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mosaic.application.PageRequest;
import dev.mosaic.application.fakes.InMemoryAccounts;
import dev.mosaic.application.fakes.SettableClock;
import dev.mosaic.application.job.Cadence;
import dev.mosaic.application.job.Job;
import dev.mosaic.application.job.JobRequest;
import dev.mosaic.application.job.JobState;
import dev.mosaic.application.job.JobType;
import dev.mosaic.application.job.PayloadSchema;
import dev.mosaic.application.job.Schedule;
import dev.mosaic.application.service.JobScheduler;
import dev.mosaic.application.service.JobService;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Three instances' schedulers over one Redis: every tick is enqueued exactly once, and ticks missed
 * while all were down are enqueued once, not one by one. (The full-size version is {@code ./mosaic
 * bench-jobs schedules}.)
 */
class JobSchedulerTest {
    private static final JobType TICK = JobType.of("tick", "ticks", PayloadSchema.EMPTY);
    private static final Schedule EVERY_MINUTE = new Schedule("every-minute", new Cadence.Every(Duration.ofMinutes(1)),
            JobRequest.of("tick", Map.of()));
    private static final Instant START = Instant.parse("2026-03-01T10:00:30Z");

    private final JobRedis redis = new JobRedis();
    private final SettableClock clock = new SettableClock(START);

    @AfterEach
    void clear() {
        redis.close();
    }

    private List<JobScheduler> instances(int n) {
        List<JobScheduler> schedulers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            RedisJobQueue queue = redis.queue();
            schedulers.add(new JobScheduler(queue, new JobService(queue, new InMemoryAccounts(), List.of(TICK),
                    List.of(EVERY_MINUTE)), List.of(EVERY_MINUTE), clock, Duration.ofSeconds(1)));
        }
        return schedulers;
    }

    private List<Job> jobs() {
        return redis.queue().list(JobState.WAITING, Optional.of("ticks"), new PageRequest(1, 100)).items();
    }

    @Test
    void threeInstancesFireEachTickOnce() throws Exception {
        List<JobScheduler> schedulers = instances(3);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            for (int tick = 0; tick < 30; tick++) {
                // Each instance looks several times per tick, all at once, in a different order each time.
                for (int look = 0; look < 3; look++) {
                    List<JobScheduler> order = new ArrayList<>(schedulers);
                    Collections.shuffle(order);
                    List<Future<?>> rounds = new ArrayList<>();
                    order.forEach(s -> rounds.add(pool.submit(s::fireDue)));
                    for (Future<?> round : rounds) {
                        round.get();
                    }
                }
                clock.advance(Duration.ofMinutes(1));
            }
        } finally {
            pool.shutdownNow();
        }
        List<Job> jobs = jobs();
        assertEquals(30, jobs.size());
        Set<String> keys = new HashSet<>();
        jobs.forEach(job -> keys.add(job.idempotencyKey()));
        assertEquals(30, keys.size(), "one job per tick");
    }

    @Test
    void ticksMissedWhileEverythingWasDownRunOnce() {
        instances(1).getFirst().fireDue();
        clock.advance(Duration.ofMinutes(10)); // ten ticks pass with no instance up
        for (JobScheduler restarted : instances(3)) {
            restarted.fireDue();
        }
        assertEquals(2, jobs().size(), "the first tick, then the latest missed one: not ten");
    }
}
