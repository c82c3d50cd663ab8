package dev.mosaic.adapters.out.redis;

import dev.mosaic.application.Page;
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
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * The job queue in Redis (docs/adr/0013-job-queue.md). A job is a hash; each queue keeps the ids
 * of its jobs in one sorted set per state: waiting by priority then arrival, delayed by when they
 * become ready, active by when their claim expires, finished ones by when they finished. Every
 * change is one Lua script, so a job is never in two states or in none, whichever process fails
 * when; the scripts read Redis's clock, so the instances' clocks need not agree.
 */
public final class RedisJobQueue implements JobQueue {

    /** Finished jobs kept per queue and state for admins to inspect; older ones are removed. */
    public record Retention(int completed, int failed) {
        public static final Retention DEFAULT = new Retention(1_000, 10_000);
    }

    private static final String SEPARATOR = "\u001f";

    private final UnifiedJedis redis;
    private final String prefix;
    private final Retention retention;
    /** Names this process in claim tokens, so two processes' claims of one attempt never look alike. */
    private final String claimant = UUID.randomUUID().toString();
    private final Map<String, Script> scripts = new HashMap<>();

    private record Script(String text, String sha) {}

    public RedisJobQueue(UnifiedJedis redis, RedisNamespace namespace, Retention retention) {
        this.redis = redis;
        this.prefix = namespace.name("jobs");
        this.retention = retention;
        String common = resource("common");
        for (String name : List.of("enqueue", "fire_tick", "claim", "heartbeat", "complete", "retry_later", "bury",
                "hand_back", "retry", "delete", "stats")) {
            String text = common + "\n" + resource(name);
            scripts.put(name, new Script(text, sha1(text)));
        }
    }

    private static String resource(String name) {
        try (InputStream in = RedisJobQueue.class.getResourceAsStream("jobs/" + name + ".lua")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs a script by its hash, sending its text only the first time a server has not seen it. */
    private Object run(String name, Object... args) {
        Script script = scripts.get(name);
        List<String> argv = argv(args);
        return reach(() -> {
            try {
                return redis.evalsha(script.sha(), List.of(), argv);
            } catch (JedisNoScriptException e) {
                return redis.eval(script.text(), List.of(), argv);
            }
        });
    }

    /**
     * Runs a script once per argument list, all in one round trip; each run is still atomic on its
     * own. A run the server refused for not knowing the script has not happened, so it is run again
     * alone, which sends the text.
     */
    private List<Object> runAll(String name, List<Object[]> calls) {
        Script script = scripts.get(name);
        List<Response<Object>> responses = reach(() -> {
            try (AbstractPipeline pipeline = redis.pipelined()) {
                List<Response<Object>> sent = calls.stream()
                        .map(args -> pipeline.evalsha(script.sha(), List.of(), argv(args))).toList();
                pipeline.sync();
                return sent;
            }
        });
        List<Object> results = new ArrayList<>(calls.size());
        for (int i = 0; i < calls.size(); i++) {
            Object result;
            try {
                result = responses.get(i).get();
            } catch (JedisNoScriptException e) {
                result = run(name, calls.get(i));
            }
            results.add(result);
        }
        return results;
    }

    private List<String> argv(Object... args) {
        List<String> argv = new ArrayList<>(args.length + 1);
        argv.add(prefix);
        for (Object arg : args) {
            if (arg instanceof List<?> list) {
                list.forEach(item -> argv.add(String.valueOf(item)));
            } else {
                argv.add(String.valueOf(arg));
            }
        }
        return argv;
    }

    private <T> T reach(Supplier<T> call) {
        try {
            return call.get();
        } catch (JedisConnectionException e) {
            throw new QueueUnavailable("Redis cannot be reached: " + e.getMessage(), e);
        }
    }

    @Override
    public Enqueued enqueue(String queue, JobRequest request, int maxAttempts) {
        List<?> result = (List<?>) run("enqueue", enqueueArgs(queue, request, maxAttempts));
        return enqueued(result);
    }

    @Override
    public List<Enqueued> enqueueAll(String queue, List<JobRequest> requests, int maxAttempts) {
        List<Object[]> calls = requests.stream().map(r -> new Object[] {enqueueArgs(queue, r, maxAttempts)}).toList();
        return runAll("enqueue", calls).stream().map(result -> enqueued((List<?>) result)).toList();
    }

    private static List<Object> enqueueArgs(String queue, JobRequest request, int maxAttempts) {
        List<Object> args = new ArrayList<>(List.of(queue, JobId.random(), request.type(), request.priority(),
                request.delay().toMillis(), maxAttempts, request.idempotencyKey() == null ? "" : request.idempotencyKey(),
                request.user().map(UserId::toString).orElse("")));
        request.payload().forEach((name, value) -> {
            args.add(name);
            args.add(value);
        });
        return args;
    }

    private static Enqueued enqueued(List<?> result) {
        return new Enqueued(new JobId(UUID.fromString((String) result.get(0))), ((Long) result.get(1)) == 1);
    }

    @Override
    public Optional<JobId> fireTick(String schedule, Instant tick, String queue, JobRequest request, int maxAttempts) {
        Object result = run("fire_tick", schedule, tick.toEpochMilli(), enqueueArgs(queue, request, maxAttempts));
        return result == null ? Optional.empty() : Optional.of(enqueued((List<?>) result).id());
    }

    @Override
    public List<Claim> claim(String queue, int max, Duration visibility) {
        List<?> rows = (List<?>) run("claim", queue, max, visibility.toMillis(), claimant, retention.failed());
        List<Claim> claims = new ArrayList<>(rows.size());
        for (Object row : rows) {
            Map<String, String> fields = pairs((List<?>) row);
            claims.add(new Claim(job(fields, List.of()), fields.get("token")));
        }
        return claims;
    }

    private static Map<String, String> pairs(List<?> flat) {
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            map.put((String) flat.get(i), (String) flat.get(i + 1));
        }
        return map;
    }

    private static Job job(Map<String, String> f, List<String> errors) {
        Map<String, String> payload = new HashMap<>();
        f.forEach((name, value) -> {
            if (name.startsWith("p.")) {
                payload.put(name.substring(2), value);
            }
        });
        String idem = f.getOrDefault("idem", "");
        String user = f.getOrDefault("user", "");
        return new Job(new JobId(UUID.fromString(f.get("id"))), f.get("type"), f.get("queue"), payload,
                Integer.parseInt(f.get("priority")), JobState.valueOf(f.get("state").toUpperCase(java.util.Locale.ROOT)),
                Integer.parseInt(f.get("attempt")), Integer.parseInt(f.get("max")), instant(f.get("created")),
                instant(f.get("run_at")), instant(f.get("finished")), idem.isEmpty() ? null : idem,
                user.isEmpty() ? Optional.empty() : Optional.of(new UserId(UUID.fromString(user))),
                errors.stream().map(RedisJobQueue::error).toList());
    }

    private static Instant instant(String millis) {
        return millis == null ? null : Instant.ofEpochMilli(Long.parseLong(millis));
    }

    private static AttemptError error(String entry) {
        String[] parts = entry.split(SEPARATOR, 4);
        return new AttemptError(Integer.parseInt(parts[0]), instant(parts[1]), parts[2], parts.length > 3 ? parts[3] : "");
    }

    private String jobKey(JobId id) {
        return prefix + ":job:" + id;
    }

    @Override
    public boolean heartbeat(Claim claim, Duration visibility) {
        return one(run("heartbeat", claim.job().id(), claim.token(), visibility.toMillis()));
    }

    @Override
    public boolean complete(Claim claim) {
        return one(run("complete", claim.job().id(), claim.token(), retention.completed()));
    }

    @Override
    public boolean retryLater(Claim claim, AttemptError error, Duration delay) {
        return one(run("retry_later", claim.job().id(), claim.token(), delay.toMillis(), error.attempt(),
                clean(error.message()), clean(error.stack())));
    }

    @Override
    public boolean bury(Claim claim, AttemptError error, JobState state) {
        if (state != JobState.FAILED && state != JobState.DEAD) {
            throw new IllegalArgumentException("a job is buried as failed or dead, not " + state);
        }
        return one(run("bury", claim.job().id(), claim.token(), state.wireName(), error.attempt(), clean(error.message()),
                clean(error.stack()), retention.failed()));
    }

    /** The separator of an error's parts may not occur in them. */
    private static String clean(String text) {
        return text.replace(SEPARATOR, " ");
    }

    @Override
    public boolean handBack(Claim claim) {
        return one(run("hand_back", claim.job().id(), claim.token()));
    }

    private static boolean one(Object result) {
        return Long.valueOf(1).equals(result);
    }

    @Override
    public void pause(String queue) {
        reach(() -> redis.set(prefix + ":q:" + queue + ":paused", "1"));
    }

    @Override
    public void resume(String queue) {
        reach(() -> redis.del(prefix + ":q:" + queue + ":paused"));
    }

    @Override
    public Optional<Job> job(JobId id) {
        return reach(() -> {
            Map<String, String> fields = redis.hgetAll(jobKey(id));
            if (fields.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(job(fields, redis.lrange(jobKey(id) + ":errors", 0, -1)));
        });
    }

    @Override
    public Page<Job> list(JobState state, Optional<String> queue, PageRequest page) {
        return reach(() -> {
            List<String> queues = queue.map(List::of).orElseGet(() -> redis.smembers(prefix + ":queues").stream().sorted()
                    .toList());
            boolean newestFirst = state == JobState.COMPLETED || state == JobState.FAILED || state == JobState.DEAD;
            long total = 0;
            long skip = page.offset();
            List<Job> items = new ArrayList<>();
            for (String name : queues) {
                String set = prefix + ":q:" + name + ":" + state.wireName();
                long size = redis.zcard(set);
                total += size;
                if (skip >= size) {
                    skip -= size;
                    continue;
                }
                int want = page.size() - items.size();
                if (want > 0) {
                    List<String> ids = newestFirst ? redis.zrevrange(set, skip, skip + want - 1)
                            : redis.zrange(set, skip, skip + want - 1);
                    ids.forEach(id -> job(new JobId(UUID.fromString(id))).ifPresent(items::add));
                }
                skip = 0;
            }
            return new Page<>(items, page, total);
        });
    }

    @Override
    public Change retry(JobId id) {
        return change(run("retry", id));
    }

    @Override
    public Change delete(JobId id) {
        return change(run("delete", id));
    }

    private static Change change(Object result) {
        return Change.valueOf(((String) result).toUpperCase(java.util.Locale.ROOT));
    }

    @Override
    public List<QueueStats> queues() {
        List<String> names = reach(() -> redis.smembers(prefix + ":queues").stream().sorted().toList());
        List<QueueStats> stats = new ArrayList<>();
        for (String name : names) {
            List<?> r = (List<?>) run("stats", name);
            Map<JobState, Long> counts = new EnumMap<>(JobState.class);
            JobState[] order = {JobState.WAITING, JobState.DELAYED, JobState.ACTIVE, JobState.COMPLETED, JobState.FAILED,
                    JobState.DEAD};
            for (int i = 0; i < order.length; i++) {
                counts.put(order[i], (Long) r.get(i + 1));
            }
            String oldest = (String) r.get(8);
            stats.add(new QueueStats(name, ((Long) r.get(0)) == 1, counts, (Long) r.get(7),
                    oldest.isEmpty() ? null : instant(oldest)));
        }
        return stats;
    }
}
