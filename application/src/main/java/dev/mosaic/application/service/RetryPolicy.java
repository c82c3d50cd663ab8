package dev.mosaic.application.service;

import java.time.Duration;
import java.util.Objects;

/**
 * When to try a provider call again: only when the provider says a retry can help, only before
 * anything of the reply reached the user, with exponential backoff (the provider's retry-after
 * wins when it gives one), and never waiting longer than {@code maxWait} at a time.
 *
 * @param maxAttempts calls in all, the first included; 1 turns retries off
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxWait) {
    public static final RetryPolicy DEFAULT = new RetryPolicy(3, Duration.ofMillis(500), Duration.ofSeconds(10));

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxWait, "maxWait");
    }

    /** How long to wait before attempt {@code next} (2 for the first retry), given the provider's hint or null. */
    Duration backoff(int next, Duration retryAfter) {
        if (retryAfter != null && !retryAfter.isNegative()) {
            return retryAfter;
        }
        return initialBackoff.multipliedBy(1L << Math.min(next - 2, 20));
    }
}
