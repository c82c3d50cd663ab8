package dev.mosaic.application.job;

import dev.mosaic.domain.user.UserId;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A job to enqueue.
 *
 * @param priority 0 (last) to 9 (first); jobs of equal priority run in the order they became ready
 * @param delay how long to wait before it may run; zero for now
 * @param idempotencyKey enqueueing the same key on the same queue again returns the first job instead
 *     of making another; null for none
 */
public record JobRequest(String type, Map<String, String> payload, int priority, Duration delay, String idempotencyKey,
        Optional<UserId> user) {
    public static final int DEFAULT_PRIORITY = 5;

    public JobRequest {
        Objects.requireNonNull(type, "type");
        payload = Map.copyOf(payload);
        Objects.requireNonNull(delay, "delay");
        Objects.requireNonNull(user, "user");
        if (priority < 0 || priority > 9) {
            throw new IllegalArgumentException("priority is 0 to 9, not " + priority);
        }
        if (delay.isNegative()) {
            throw new IllegalArgumentException("a delay cannot be negative");
        }
        if (idempotencyKey != null && (idempotencyKey.isEmpty() || idempotencyKey.length() > 200)) {
            throw new IllegalArgumentException("an idempotency key has 1 to 200 characters");
        }
    }

    public static JobRequest of(String type, Map<String, String> payload) {
        return new JobRequest(type, payload, DEFAULT_PRIORITY, Duration.ZERO, null, Optional.empty());
    }

    public JobRequest withPriority(int value) {
        return new JobRequest(type, payload, value, delay, idempotencyKey, user);
    }

    public JobRequest withDelay(Duration value) {
        return new JobRequest(type, payload, priority, value, idempotencyKey, user);
    }

    public JobRequest withIdempotencyKey(String value) {
        return new JobRequest(type, payload, priority, delay, value, user);
    }

    public JobRequest actingFor(UserId value) {
        return new JobRequest(type, payload, priority, delay, idempotencyKey, Optional.of(value));
    }
}
