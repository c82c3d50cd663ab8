package dev.mosaic.application;

import java.util.Objects;

/** A request the gateway turned down: a stable code and a sentence a person can act on. */
public record Rejection(ErrorCode code, String message) {
    public Rejection {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }

    public static Rejection notFound(String what) {
        return new Rejection(ErrorCode.NOT_FOUND, what + " not found");
    }
}
