package dev.mosaic.benchmarks;

import dev.mosaic.adapters.out.redis.RedisConfig;
import dev.mosaic.adapters.out.redis.RedisJobQueue;
import dev.mosaic.adapters.out.redis.RedisNamespace;
import dev.mosaic.application.PageRequest;
import dev.mosaic.application.fakes.InMemoryAccounts;
import dev.mosaic.application.job.Cadence;
import dev.mosaic.application.job.Job;
import dev.mosaic.application.job.JobEvent;
import dev.mosaic.application.job.JobHandler;
import dev.mosaic.application.job.JobRequest;
import dev.mosaic.application.job.JobState;
import dev.mosaic.application.job.JobType;
import dev.mosaic.application.job.PayloadSchema;
import dev.mosaic.application.job.Schedule;
import dev.mosaic.application.service.JobScheduler;
import dev.mosaic.application.service.JobService;
import dev.mosaic.application.service.JobWorkers;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * The job queue's numbers against the Redis of {@code MOSAIC_REDIS_URL}, under a key prefix of
 * the run's own that is removed afterwards. Run with {@code ./mosaic bench-jobs [throughput |
 * crash | retry | schedules] [--jobs N]}; without a mode, all four.
 *
 * <ul>
 *   <li>throughput: no-op jobs, enqueue to complete, one worker process;
 *   <li>crash: jobs run by two worker processes, one of which is killed with SIGKILL every few
 *       seconds and replaced; counts jobs lost and runs repeated;
 *   <li>retry: the delays between a failed attempt and the next, against the configured backoff;
 *   <li>schedules: three schedulers (the part of three instances that fires ticks), each with a
 *       Redis connection of its own, over 100 ticks a second apart.
 * </ul>
 */
public final class JobsBenchmark {
    private static final PayloadSchema N = new PayloadSchema(Map.of("n", PayloadSchema.Field.required(PayloadSchema.Kind.INTEGER)));
    private static final JobType NOOP = JobType.of("noop", "bench", N);
    private static final JobType CRASH = JobType.of("crash", "crash", N).withAttempts(10);
    private static final Duration CRASH_VISIBILITY = Duration.ofSeconds(2);
    private static final int BULK = 100;
    /** As many as the gateway keeps by default (redis.connections). */
    private static final int CONNECTIONS = 32;

    private JobsBenchmark() {}

    public static void main(String[] args) throws Exception {
        String url = System.getenv().getOrDefault("MOSAIC_REDIS_URL", "redis://127.0.0.1:6379/0");
        if (args.length >= 1 && args[0].equals("worker")) {
            crashWorker(url, args[1]);
            return;
        }
        String mode = args.length >= 1 && !args[0].startsWith("--") ? args[0] : "all";
        int jobs = -1;
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals("--jobs")) {
                jobs = Integer.parseInt(args[i + 1]);
            }
        }
        System.out.printf(Locale.ROOT, "Redis %s, %d processors, Java %s%n", URI.create(url).getHost() + ":"
                + URI.create(url).getPort() + URI.create(url).getPath(), Runtime.getRuntime().availableProcessors(),
                Runtime.version());
        if (mode.equals("all") || mode.equals("throughput")) {
            throughput(url, jobs > 0 ? jobs : 100_000);
        }
        if (mode.equals("all") || mode.equals("crash")) {
            crash(url, jobs > 0 ? jobs : 100_000);
        }
        if (mode.equals("all") || mode.equals("retry")) {
            retry(url);
        }
        if (mode.equals("all") || mode.equals("schedules")) {
            schedules(url);
        }
    }

    /** A prefix of the run's own, and the client; the prefix's keys are removed on close. */
    private record Space(RedisClient redis, RedisNamespace namespace) implements AutoCloseable {
        static Space open(String url) {
            return new Space(RedisConfig.client(URI.create(url), CONNECTIONS),
                    new RedisNamespace("bench-jobs-" + UUID.randomUUID().toString().substring(0, 8)));
        }

        RedisJobQueue queue() {
            return new RedisJobQueue(redis, namespace, RedisJobQueue.Retention.DEFAULT);
        }

        @Override
        public void close() {
            String cursor = ScanParams.SCAN_POINTER_START;
            do {
                ScanResult<String> page = redis.scan(cursor, new ScanParams().match(namespace.prefix() + ":*").count(1000));
                if (!page.getResult().isEmpty()) {
                    redis.del(page.getResult().toArray(String[]::new));
                }
                cursor = page.getCursor();
            } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
            redis.close();
        }
    }

    private static JobWorkers workers(RedisJobQueue queue, Map<JobType, JobHandler> handlers, JobEventCount count,
            Duration visibility, int concurrency) {
        JobWorkers workers = new JobWorkers(queue, count, handlers, new JobWorkers.Settings(visibility, Duration.ofMillis(5),
                Duration.ofSeconds(1), Duration.ofSeconds(5)), Clock.systemUTC());
        handlers.keySet().forEach(type -> workers.serve(type.queue(), concurrency));
        return workers;
    }

    /** Counts completions as the workers log them. */
    private static final class JobEventCount implements dev.mosaic.application.port.out.JobLog {
        final LongAdder completed = new LongAdder();

        @Override
        public void record(JobEvent event) {
            if (event.outcome() == JobEvent.Outcome.COMPLETED) {
                completed.increment();
            }
        }
    }

    private static void throughput(String url, int jobs) throws Exception {
        int producers = 8;
        try (Space space = Space.open(url)) {
            RedisJobQueue queue = space.queue();
            JobEventCount count = new JobEventCount();
            try (JobWorkers workers = workers(queue, Map.of(NOOP, job -> { }), count, Duration.ofSeconds(30), 64)) {
                // One job per round trip, then producers that send theirs in batches (enqueueAll).
                for (int batch : new int[] {1, BULK}) {
                    long before = count.completed.sum();
                    long start = System.nanoTime();
                    enqueue(queue, jobs, producers, batch);
                    long enqueued = System.nanoTime();
                    while (count.completed.sum() - before < jobs) {
                        Thread.sleep(1);
                    }
                    long done = System.nanoTime();
                    System.out.printf(Locale.ROOT, "throughput: %,d no-op jobs enqueued %s (%d threads) while one worker"
                            + " process (concurrency 64) ran them: all completed in %.2f s, %,.0f jobs/s end to end; the"
                            + " enqueues alone took %.2f s (%,.0f/s)%n", jobs, batch == 1 ? "one at a time"
                            : "in batches of " + batch, producers, (done - start) / 1e9, jobs / ((done - start) / 1e9),
                            (enqueued - start) / 1e9, jobs / ((enqueued - start) / 1e9));
                }

                // The worker alone: the same number of jobs already waiting, the queue paused meanwhile.
                queue.pause(NOOP.queue());
                enqueue(queue, jobs, producers, BULK);
                long before = count.completed.sum();
                long resumed = System.nanoTime();
                queue.resume(NOOP.queue());
                while (count.completed.sum() - before < jobs) {
                    Thread.sleep(1);
                }
                double seconds = (System.nanoTime() - resumed) / 1e9;
                System.out.printf(Locale.ROOT, "throughput: the worker process alone completed %,d waiting no-op jobs in"
                        + " %.2f s: %,.0f jobs/s%n", jobs, seconds, jobs / seconds);
            }
        }
    }

    /** Each producer sends every {@code producers}-th job, {@code batch} to a round trip. */
    private static void enqueue(RedisJobQueue queue, int jobs, int producers, int batch) throws InterruptedException {
        ExecutorService enqueue = Executors.newFixedThreadPool(producers);
        for (int p = 0; p < producers; p++) {
            int first = p;
            enqueue.submit(() -> {
                List<JobRequest> pending = new ArrayList<>(batch);
                for (int i = first; i < jobs; i += producers) {
                    pending.add(JobRequest.of(NOOP.name(), Map.of("n", Integer.toString(i))));
                    if (pending.size() == batch || i + producers >= jobs) {
                        if (batch == 1) {
                            queue.enqueue(NOOP.queue(), pending.getFirst(), 3);
                        } else {
                            queue.enqueueAll(NOOP.queue(), pending, 3);
                        }
                        pending.clear();
                    }
                }
            });
        }
        enqueue.shutdown();
        enqueue.awaitTermination(1, TimeUnit.HOURS);
    }

    /** The child process of the crash test: runs the crash queue, counting each job's runs. */
    private static void crashWorker(String url, String prefix) throws InterruptedException {
        RedisClient redis = RedisClient.create(URI.create(url));
        RedisNamespace namespace = new RedisNamespace(prefix);
        RedisJobQueue queue = new RedisJobQueue(redis, namespace, RedisJobQueue.Retention.DEFAULT);
        String runs = prefix + ":runs";
        workers(queue, Map.of(CRASH, job -> redis.hincrBy(runs, job.payload().get("n"), 1)), new JobEventCount(),
                CRASH_VISIBILITY, 32);
        Thread.sleep(Long.MAX_VALUE);
    }

    private static Process startWorker(String url, String prefix) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                JobsBenchmark.class.getName(), "worker", prefix).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("MOSAIC_REDIS_URL", url);
        return builder.start();
    }

    private static void crash(String url, int jobs) throws Exception {
        Duration killEvery = Duration.ofSeconds(3);
        try (Space space = Space.open(url)) {
            RedisJobQueue queue = space.queue();
            for (int i = 0; i < jobs; i++) {
                queue.enqueue(CRASH.queue(), JobRequest.of(CRASH.name(), Map.of("n", Integer.toString(i))), CRASH.maxAttempts());
            }
            String runs = space.namespace().prefix() + ":runs";
            List<Process> workers = new ArrayList<>(List.of(startWorker(url, space.namespace().prefix()),
                    startWorker(url, space.namespace().prefix())));
            int kills = 0;
            long start = System.nanoTime();
            try {
                while (remaining(queue) > 0) {
                    Thread.sleep(killEvery);
                    if (remaining(queue) == 0) {
                        break;
                    }
                    Process victim = workers.remove(kills % 2 == 0 ? 0 : workers.size() - 1);
                    victim.destroyForcibly().waitFor(); // SIGKILL
                    kills++;
                    workers.add(startWorker(url, space.namespace().prefix()));
                }
            } finally {
                for (Process worker : workers) {
                    worker.destroyForcibly().waitFor();
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            Map<String, String> counted = space.redis().hgetAll(runs);
            long lost = jobs - counted.size();
            long repeated = counted.values().stream().mapToLong(r -> Long.parseLong(r) - 1).sum();
            long mostRuns = counted.values().stream().mapToLong(Long::parseLong).max().orElse(0);
            long dead = count(queue, JobState.DEAD);
            System.out.printf(Locale.ROOT, "crash: %,d jobs, two worker processes (concurrency 32 each, visibility"
                    + " timeout %d s), one killed with SIGKILL every %d s: %d kills in %.1f s; %d jobs lost, %d dead,"
                    + " %d runs repeated (%.1f per kill; at most 32 jobs are in flight in a killed process); the most runs"
                    + " of one job: %d%n", jobs, CRASH_VISIBILITY.toSeconds(), killEvery.toSeconds(), kills, seconds, lost,
                    dead, repeated, kills == 0 ? 0.0 : (double) repeated / kills, mostRuns);
        }
    }

    private static long remaining(RedisJobQueue queue) {
        return count(queue, JobState.WAITING) + count(queue, JobState.DELAYED) + count(queue, JobState.ACTIVE);
    }

    private static long count(RedisJobQueue queue, JobState state) {
        return queue.queues().stream().mapToLong(s -> s.counts().getOrDefault(state, 0L)).sum();
    }

    private static void retry(String url) throws Exception {
        Duration backoff = Duration.ofSeconds(2);
        int attempts = 4;
        int jobs = 20;
        JobType failing = JobType.of("fails", "retry", N).withBackoff(backoff).withAttempts(attempts);
        Map<String, List<Long>> starts = new ConcurrentHashMap<>();
        try (Space space = Space.open(url)) {
            RedisJobQueue queue = space.queue();
            try (JobWorkers workers = new JobWorkers(queue, event -> { }, Map.of(failing, job -> {
                starts.computeIfAbsent(job.payload().get("n"), n -> java.util.Collections.synchronizedList(new ArrayList<>()))
                        .add(System.nanoTime());
                throw new IllegalStateException("deliberate failure");
            }), JobWorkers.Settings.DEFAULT, Clock.systemUTC()).serve("retry", jobs)) {
                for (int i = 0; i < jobs; i++) {
                    queue.enqueue("retry", JobRequest.of("fails", Map.of("n", Integer.toString(i))), attempts);
                }
                while (count(queue, JobState.DEAD) < jobs) {
                    Thread.sleep(50);
                }
            }
            // The delay after attempt k is measured from the start of attempt k (the handler fails at once).
            Map<Integer, List<Double>> ratios = new TreeMap<>();
            for (List<Long> times : starts.values()) {
                for (int k = 1; k < times.size(); k++) {
                    double configured = failing.backoffAfter(k, 0.5).toNanos();
                    ratios.computeIfAbsent(k, key -> new ArrayList<>()).add((times.get(k) - times.get(k - 1)) / configured);
                }
            }
            System.out.printf(Locale.ROOT, "retry: %d jobs failing every attempt, backoff %d s doubling, jitter ±%.0f %%,"
                    + " default worker settings (idle poll %d ms)%n", jobs, backoff.toSeconds(), failing.jitter() * 100,
                    JobWorkers.Settings.DEFAULT.idlePoll().toMillis());
            ratios.forEach((k, list) -> System.out.printf(Locale.ROOT,
                    "  after attempt %d: configured %.1f s, observed %.3f-%.3f s (%+.1f %% to %+.1f %%)%n", k,
                    failing.backoffAfter(k, 0.5).toMillis() / 1000.0,
                    list.stream().mapToDouble(r -> r).min().orElse(0) * failing.backoffAfter(k, 0.5).toMillis() / 1000.0,
                    list.stream().mapToDouble(r -> r).max().orElse(0) * failing.backoffAfter(k, 0.5).toMillis() / 1000.0,
                    (list.stream().mapToDouble(r -> r).min().orElse(0) - 1) * 100,
                    (list.stream().mapToDouble(r -> r).max().orElse(0) - 1) * 100));
        }
    }

    private static void schedules(String url) throws Exception {
        int instances = 3;
        int ticks = 100;
        // Production checks every second for ticks minutes apart; here ticks are a second apart and
        // checks ten times as frequent, so a tick is skipped only if no instance ran for a whole second.
        Duration period = Duration.ofSeconds(1);
        Duration check = Duration.ofMillis(100);
        JobType tick = JobType.of("tick", "ticks", PayloadSchema.EMPTY);
        Schedule schedule = new Schedule("bench", new Cadence.Every(period), JobRequest.of("tick", Map.of()));
        try (Space space = Space.open(url)) {
            List<JobScheduler> schedulers = new ArrayList<>();
            for (int i = 0; i < instances; i++) {
                RedisJobQueue queue = space.queue();
                schedulers.add(new JobScheduler(queue, new JobService(queue, new InMemoryAccounts(), List.of(tick),
                        List.of(schedule)), List.of(schedule), Clock.systemUTC(), check).start());
            }
            RedisJobQueue queue = space.queue();
            while (count(queue, JobState.WAITING) < ticks) {
                Thread.sleep(5);
            }
            schedulers.forEach(JobScheduler::close);
            List<Long> fired = new ArrayList<>();
            for (int page = 1; ; page++) {
                List<Job> items = queue.list(JobState.WAITING, Optional.of("ticks"), new PageRequest(page, 100)).items();
                if (items.isEmpty()) {
                    break;
                }
                items.forEach(job -> fired.add(Long.parseLong(job.idempotencyKey().substring("schedule:bench:".length()))));
            }
            fired.sort(null);
            long distinct = fired.stream().distinct().count();
            long gaps = 0;
            for (int i = 1; i < fired.size(); i++) {
                gaps += (fired.get(i) - fired.get(i - 1)) / period.toMillis() - 1;
            }
            System.out.printf(Locale.ROOT, "schedules: %d schedulers, a %d ms interval, each checking every %d ms: %d jobs"
                    + " for %d distinct ticks (%d fired twice), %d ticks skipped between the first and the last%n",
                    instances, period.toMillis(), check.toMillis(), fired.size(), distinct, fired.size() - distinct, gaps);
        }
    }
}
