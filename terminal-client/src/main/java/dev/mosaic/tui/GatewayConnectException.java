package dev.mosaic.tui;

import java.io.IOException;

/**
 * Opening the WebSocket failed. When the gateway answered the upgrade with an HTTP error (401 for a
 * bad token) {@link #httpStatus()} is that status and {@link #error()} the error from its JSON body.
 */
public final class GatewayConnectException extends IOException {

    private final int httpStatus;
    private final transient GatewayError error;

    public GatewayConnectException(String message, int httpStatus, GatewayError error, Throwable cause) {
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
