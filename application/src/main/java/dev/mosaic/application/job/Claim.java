package dev.mosaic.application.job;

import java.util.Objects;

/**
 * A job a worker claimed. The token names this one attempt: finishing, heartbeating or handing back
 * with a token whose attempt was reclaimed meanwhile does nothing, so a stalled worker that wakes up
 * never overwrites what its successor did.
 */
public record Claim(Job job, String token) {
    public Claim {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(token, "token");
    }
}
