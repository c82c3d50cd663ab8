package dev.mosaic.application.job;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.Objects;

/** Why one attempt failed; kept with the job for admins, never shown to users. */
public record AttemptError(int attempt, Instant at, String message, String stack) {
    public AttemptError {
        Objects.requireNonNull(at, "at");
        message = message == null ? "" : message;
        stack = stack == null ? "" : stack;
    }

    public static AttemptError of(int attempt, Instant at, Throwable failure) {
        StringWriter trace = new StringWriter();
        failure.printStackTrace(new PrintWriter(trace));
        return new AttemptError(attempt, at, String.valueOf(failure), trace.toString());
    }
}
