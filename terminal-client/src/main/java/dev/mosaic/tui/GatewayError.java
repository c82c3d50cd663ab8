package dev.mosaic.tui;

/** An error as the gateway reports it: a stable {@code code} (see the protocol's table) and a message for people. */
public record GatewayError(String code, String message) {

    @Override
    public String toString() {
        return message == null || message.isBlank() ? code : code + ": " + message;
    }
}
