package dev.mosaic.tui;

/**
 * Why a connection ended: the WebSocket close status and reason (the gateway closes with 1008 and
 * e.g. {@code token_revoked} when a token stops being valid). A connection that failed without a
 * close handshake reports {@link #ABNORMAL} and the failure as the reason.
 */
public record CloseReason(int statusCode, String reason) {

    public static final int NORMAL = 1000;
    public static final int POLICY_VIOLATION = 1008;
    public static final int ABNORMAL = 1006;

    @Override
    public String toString() {
        String what = switch (statusCode) {
            case NORMAL -> "closed";
            case POLICY_VIOLATION -> "closed by the gateway";
            case ABNORMAL -> "lost";
            default -> "closed (" + statusCode + ")";
        };
        return reason == null || reason.isBlank() ? "connection " + what : "connection " + what + ": " + reason;
    }
}
