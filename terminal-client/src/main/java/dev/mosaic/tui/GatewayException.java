package dev.mosaic.tui;

/** The gateway answered a request with an {@code error} frame. */
public final class GatewayException extends RuntimeException {

    private final transient GatewayError error;

    public GatewayException(GatewayError error) {
        super(error.toString());
        this.error = error;
    }

    public GatewayError error() {
        return error;
    }

    /** The error's stable code, e.g. {@code not_found} or {@code reply_in_progress}. */
    public String code() {
        return error.code();
    }
}
