package dev.mosaic.domain.user;

import java.util.Objects;
import java.util.UUID;

public record TokenId(UUID value) {
    public TokenId {
        Objects.requireNonNull(value, "token id");
    }

    public static TokenId random() {
        return new TokenId(UUID.randomUUID());
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
