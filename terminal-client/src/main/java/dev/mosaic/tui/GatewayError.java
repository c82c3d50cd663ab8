package dev.mosaic.tui;

/** An error as the gateway reports it: a stable {@code code} (see the protocol's table) and a message for people. */
public record GatewayError(String code, String message) {

    /** Whether the gateway stopped accepting the token the client connected with. */
    public boolean tokenNoLongerValid() {
        return "token_revoked".equals(code) || "token_expired".equals(code);
    }

    @Override
    public String toString() {
        return message == null || message.isBlank() ? code : code + ": " + message;
    }
}
