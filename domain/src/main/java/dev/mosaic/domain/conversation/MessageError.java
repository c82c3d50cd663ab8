package dev.mosaic.domain.conversation;

import java.util.Objects;

/** Why a message ended early: a stable code and a message a person can read. */
public record MessageError(String code, String message) {
    public MessageError {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }
}
