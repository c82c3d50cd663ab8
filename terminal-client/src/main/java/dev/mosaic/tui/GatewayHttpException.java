package dev.mosaic.tui;

import java.io.IOException;

/**
 * A request to the gateway failed, possibly with an HTTP error answer: what its REST calls and its
 * WebSocket upgrade report alike. The subtypes say which of the two failed, so callers can treat
 * them apart; the message is fit for people either way.
 */
public abstract sealed class GatewayHttpException extends IOException permits GatewayApiException, GatewayConnectException {

    private final int httpStatus;
    private final transient GatewayError error;

    GatewayHttpException(String message, int httpStatus, GatewayError error, Throwable cause) {
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
