package dev.mosaic.application.job;

/**
 * The work of one job type. It runs on a virtual thread of its own and is interrupted at its type's
 * timeout; throwing fails the attempt, which is retried while attempts remain. A job can run more
 * than once (delivery is at least once), so a handler must be safe to repeat.
 */
@FunctionalInterface
public interface JobHandler {
    void handle(Job job) throws Exception;
}
