package dev.mosaic.application.job;

/**
 * The queue's store cannot be reached. What failed happened whole or not at all (each operation is
 * one atomic step in the store); an enqueue retried with the same idempotency key makes one job.
 */
public final class QueueUnavailable extends RuntimeException {
    public QueueUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
