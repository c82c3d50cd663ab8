package dev.mosaic.application.job;

import dev.mosaic.domain.user.UserId;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One step of one attempt, for the agent log.
 *
 * @param duration how long the attempt ran; zero when it started
 * @param error why it failed; null otherwise
 */
public record JobEvent(JobId job, String type, String queue, int attempt, Outcome outcome, Duration duration,
        String error, Optional<UserId> user, Instant at) {
    public enum Outcome { STARTED, COMPLETED, RETRYING, FAILED, DEAD }

    public JobEvent {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(at, "at");
    }
}
