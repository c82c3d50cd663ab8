package dev.mosaic.application.job;

import java.util.Locale;
import java.util.Optional;

/** Where a job is in its life. The wire form is the lower-case name. */
public enum JobState {
    /** Ready to run, in priority order. */
    WAITING,
    /** To run later: enqueued with a delay, or waiting out the backoff before its next attempt. */
    DELAYED,
    /** Claimed by a worker, which must finish or heartbeat before its visibility timeout. */
    ACTIVE,
    COMPLETED,
    /** Could never succeed as stored (unknown type, payload failing its schema): not retried. */
    FAILED,
    /** Used all its attempts (failures, timeouts or workers lost while running it). */
    DEAD;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<JobState> fromWireName(String text) {
        for (JobState state : values()) {
            if (state.wireName().equals(text)) {
                return Optional.of(state);
            }
        }
        return Optional.empty();
    }
}
