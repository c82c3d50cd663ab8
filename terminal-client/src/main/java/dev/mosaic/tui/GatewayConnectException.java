package dev.mosaic.tui;

/**
 * Opening the WebSocket failed. When the gateway answered the upgrade with an HTTP error (401 for a
 * bad token) {@link #httpStatus()} is that status and {@link #error()} the error from its JSON body.
 */
public final class GatewayConnectException extends GatewayHttpException {

    public GatewayConnectException(String message, int httpStatus, GatewayError error, Throwable cause) {
        super(message, httpStatus, error, cause);
    }
}
