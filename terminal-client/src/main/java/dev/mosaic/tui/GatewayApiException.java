package dev.mosaic.tui;

/**
 * A call to the gateway's REST API failed. When the gateway answered with an HTTP error,
 * {@link #httpStatus()} is that status and {@link #error()} the error from its JSON body (the same
 * shape as a WebSocket {@code error} frame); the message is fit for people either way.
 */
public final class GatewayApiException extends GatewayHttpException {

    public GatewayApiException(String message, int httpStatus, GatewayError error, Throwable cause) {
        super(message, httpStatus, error, cause);
    }
}
