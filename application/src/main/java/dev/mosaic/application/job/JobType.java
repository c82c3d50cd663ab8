package dev.mosaic.application.job;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A kind of job: the queue it runs on, its payload's schema, and how it is retried.
 *
 * @param maxAttempts how many times it runs before it is dead (a lost worker counts as an attempt)
 * @param backoff the wait before the second attempt; each further one waits twice the one before
 * @param jitter the share of each wait drawn at random either way (0.05: ±5 %), so that jobs that
 *     failed together do not all retry together
 * @param timeout how long one attempt may run before it is interrupted and counted as failed
 */
public record JobType(String name, String queue, PayloadSchema schema, int maxAttempts, Duration backoff, double jitter,
        Duration timeout) {
    public static final int DEFAULT_ATTEMPTS = 3;
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    public JobType {
        requireName(name, "job type");
        requireName(queue, "queue");
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(backoff, "backoff");
        Objects.requireNonNull(timeout, "timeout");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("a job type runs at least once");
        }
        if (jitter < 0 || jitter >= 1) {
            throw new IllegalArgumentException("jitter is a share from 0 to below 1");
        }
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("a timeout must be positive");
        }
    }

    /** Three attempts, one second's backoff doubling, ±5 % jitter, one minute per attempt. */
    public static JobType of(String name, String queue, PayloadSchema schema) {
        return new JobType(name, queue, schema, DEFAULT_ATTEMPTS, Duration.ofSeconds(1), 0.05, Duration.ofMinutes(1));
    }

    public JobType withAttempts(int value) {
        return new JobType(name, queue, schema, value, backoff, jitter, timeout);
    }

    public JobType withBackoff(Duration value) {
        return new JobType(name, queue, schema, maxAttempts, value, jitter, timeout);
    }

    public JobType withTimeout(Duration value) {
        return new JobType(name, queue, schema, maxAttempts, backoff, jitter, value);
    }

    /** The wait after failed attempt {@code attempt} (1 for the first), with {@code random} in [0, 1). */
    public Duration backoffAfter(int attempt, double random) {
        double factor = Math.pow(2, Math.min(attempt - 1, 30)) * (1 + jitter * (2 * random - 1));
        return Duration.ofMillis(Math.round(backoff.toMillis() * factor));
    }

    /** Names of types and queues are also Redis key parts: no colons, no spaces. */
    public static String requireName(String name, String what) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a " + what + " name is 1-64 lower-case letters, digits, '.', '_' or '-',"
                    + " not '" + name + "'");
        }
        return name;
    }
}
