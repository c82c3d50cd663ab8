package dev.mosaic.adapters.in.web;

import dev.mosaic.application.Rejection;
import io.helidon.http.Status;

/**
 * Thrown where a handler cannot answer itself (a WebSocket upgrade is decided before any route
 * runs); the routing's error handler answers it like any other REST error.
 */
final class Refused extends RuntimeException {
    private final transient Status status;
    private final transient Rejection rejection;

    Refused(Status status, Rejection rejection) {
        super(rejection.message(), null, false, false);
        this.status = status;
        this.rejection = rejection;
    }

    Status status() {
        return status;
    }

    Rejection rejection() {
        return rejection;
    }
}
