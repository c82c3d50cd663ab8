package dev.mosaic.domain.conversation;

import java.util.Objects;
import java.util.UUID;

public record ConversationId(UUID value) {
    public ConversationId {
        Objects.requireNonNull(value, "conversation id");
    }

    public static ConversationId random() {
        return new ConversationId(UUID.randomUUID());
    }

    /** Parses a client-supplied id; an ill-formed one is reported as an {@link IllegalArgumentException}. */
    public static ConversationId parse(String text) {
        return new ConversationId(UUID.fromString(text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
