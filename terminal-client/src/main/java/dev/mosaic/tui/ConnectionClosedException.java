package dev.mosaic.tui;

/** The connection ended before the gateway answered a request. */
public final class ConnectionClosedException extends RuntimeException {

    private final transient CloseReason closeReason;

    public ConnectionClosedException(CloseReason closeReason) {
        super(closeReason.toString());
        this.closeReason = closeReason;
    }

    public CloseReason closeReason() {
        return closeReason;
    }
}
