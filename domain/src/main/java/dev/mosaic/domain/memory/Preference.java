package dev.mosaic.domain.memory;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A named value the user stated or an agent learned, e.g. {@code language = answer in German}.
 *
 * @param key lower-case letters, digits, '_', '.' or '-', starting with a letter, at most 64
 *     characters: a name that goes into a URL path as it is
 */
public record Preference(String key, String value, Instant updatedAt) {
    public static final int MAX_VALUE_LENGTH = 2_000;
    private static final Pattern KEY = Pattern.compile("[a-z][a-z0-9_.-]{0,63}");

    public Preference {
        Objects.requireNonNull(updatedAt, "updatedAt");
        keyProblem(key).ifPresent(problem -> {
            throw new IllegalArgumentException(problem);
        });
        valueProblem(value).ifPresent(problem -> {
            throw new IllegalArgumentException(problem);
        });
    }

    /** Why the key is not one, or empty when it is. */
    public static Optional<String> keyProblem(String key) {
        if (key == null || !KEY.matcher(key).matches()) {
            return Optional.of("a preference key is 1 to 64 lower-case letters, digits, '_', '.' or '-',"
                    + " starting with a letter");
        }
        return Optional.empty();
    }

    /** Why the value is not one, or empty when it is. */
    public static Optional<String> valueProblem(String value) {
        if (value == null || value.isBlank()) {
            return Optional.of("a preference value is not empty");
        }
        if (value.length() > MAX_VALUE_LENGTH) {
            return Optional.of("a preference value is at most " + MAX_VALUE_LENGTH + " characters, not " + value.length());
        }
        return Optional.empty();
    }
}
