package dev.mosaic.application;

import java.util.Objects;

/**
 * A credential that must never be logged or echoed: {@link #toString()} masks it, and the only way
 * to read it is the deliberately named {@link #reveal()}.
 */
public final class Secret {
    private final String value;

    private Secret(String value) {
        this.value = Objects.requireNonNull(value, "secret");
    }

    /** Null or blank input means "no secret configured". */
    public static Secret ofNullable(String value) {
        return value == null || value.isBlank() ? null : new Secret(value.strip());
    }

    public String reveal() {
        return value;
    }

    /** A hint that lets a person tell two keys apart without learning either: the last four characters of a long one. */
    public String masked() {
        return value.length() < 16 ? "****" : "…" + value.substring(value.length() - 4);
    }

    @Override
    public String toString() {
        return "Secret[" + masked() + "]";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Secret that && value.equals(that.value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }
}
