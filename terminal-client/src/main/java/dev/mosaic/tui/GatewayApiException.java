package dev.mosaic.tui;

import java.io.IOException;

/**
 * A call to the gateway's REST API failed. When the gateway answered with an HTTP error,
 * {@link #httpStatus()} is that status and {@link #error()} the error from its JSON body (the same
 * shape as a WebSocket {@code error} frame); the message is fit for people either way.
 */
public final class GatewayApiException extends IOException {

    private final int httpStatus;
    private final transient GatewayError error;

    public GatewayApiException(String message, int httpStatus, GatewayError error, Throwable cause) {
        super(message, cause);
        this.httpStatus = httpStatus;
        this.error = error;
    }

    /** The HTTP status the gateway answered with; 0 when it never answered. */
    public int httpStatus() {
        return httpStatus;
    }

    /** The error in the gateway's answer; {@code null} when there was none or it was not JSON. */
    public GatewayError error() {
        return error;
    }
}
