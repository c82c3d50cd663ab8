package dev.mosaic.application.job;

import java.util.Objects;

/** A job enqueued at every tick of a cadence, once per tick however many instances run. */
public record Schedule(String name, Cadence cadence, JobRequest job) {
    public Schedule {
        JobType.requireName(name, "schedule");
        Objects.requireNonNull(cadence, "cadence");
        Objects.requireNonNull(job, "job");
    }
}
