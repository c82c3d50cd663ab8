package dev.mosaic.application;

import java.util.Objects;

/**
 * A request the gateway turned down: a stable code and a sentence a person can act on.
 *
 * @param field the part of the request at fault (e.g. {@code conditions[0].taskType}), or null
 */
public record Rejection(ErrorCode code, String message, String field) {
    public Rejection {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }

    public Rejection(ErrorCode code, String message) {
        this(code, message, null);
    }

    /** {@code invalid_input} naming the field at fault. */
    public static Rejection invalid(String field, String reason) {
        return new Rejection(ErrorCode.INVALID_INPUT, field + ": " + reason, field);
    }

    public static Rejection notFound(String what) {
        return new Rejection(ErrorCode.NOT_FOUND, what + " not found");
    }
}
