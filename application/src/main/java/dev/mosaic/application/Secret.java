package dev.mosaic.application;

import java.util.Objects;
import java.util.Optional;

/**
 * A credential that must never be logged or echoed: {@link #toString()} masks it, and the only way
 * to read it is the deliberately named {@link #reveal()}.
 */
public final class Secret {
    /**
     * Values shorter than this are no real provider key (those are 20 characters and more), and are
     * too likely to be an ordinary word of a message to be masked in it.
     */
    static final int MIN_MASKED_LENGTH = 16;

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
        return value.length() < MIN_MASKED_LENGTH ? "****" : "…" + value.substring(value.length() - 4);
    }

    /**
     * {@code text} with this value replaced by its {@linkplain #masked() masked form} wherever it
     * stands as a whole token, i.e. not inside a longer run of letters, digits, {@code -} or {@code _}.
     * A value shorter than a real key is left alone: masking it would mangle the words it is part of.
     */
    public String maskIn(String text) {
        if (value.length() < MIN_MASKED_LENGTH) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int copied = 0;
        for (int at = text.indexOf(value); at >= 0; at = text.indexOf(value, at + 1)) {
            int end = at + value.length();
            if (at >= copied && !continuesToken(text, at - 1) && !continuesToken(text, end)) {
                out.append(text, copied, at).append(masked());
                copied = end;
            }
        }
        return out.append(text, copied, text.length()).toString();
    }

    /**
     * Why this value cannot be sent in an HTTP header, where provider keys and tokens go, in words
     * that do not quote it; empty when it can. A key is visible ASCII only: anything else is a paste
     * gone wrong (a line break, a typographic character), and the HTTP client would refuse it with a
     * message of its own.
     */
    public Optional<String> headerValueProblem() {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            String what = c == '\n' || c == '\r' ? "a line break"
                    : Character.isISOControl(c) ? "a control character"
                    : Character.isWhitespace(c) ? "a space"
                    : c > '~' ? "a character that is not plain ASCII"
                    : null;
            if (what != null) {
                return Optional.of("it contains " + what + " (character " + (i + 1) + " of " + value.length() + ")");
            }
        }
        return Optional.empty();
    }

    private static boolean continuesToken(String text, int index) {
        if (index < 0 || index >= text.length()) {
            return false;
        }
        char c = text.charAt(index);
        return Character.isLetterOrDigit(c) || c == '-' || c == '_';
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
