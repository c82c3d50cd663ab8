package dev.mosaic.application.job;

import dev.mosaic.domain.user.UserId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A job as the queue holds it.
 *
 * @param attempt how many times it was claimed (the attempt running now, when active)
 * @param runAt when it became or becomes ready
 * @param finishedAt when it completed, failed or died; null before
 * @param user whom the job acts for, when it acts for someone
 */
public record Job(JobId id, String type, String queue, Map<String, String> payload, int priority, JobState state,
        int attempt, int maxAttempts, Instant createdAt, Instant runAt, Instant finishedAt, String idempotencyKey,
        Optional<UserId> user, List<AttemptError> errors) {
    public Job {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(state, "state");
        payload = Map.copyOf(payload);
        errors = List.copyOf(errors);
        user = Objects.requireNonNull(user, "user");
    }
}
