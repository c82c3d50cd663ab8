package dev.mosaic.domain.user;

import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/** A person (or service) that talks to the gateway. */
public record User(UserId id, String username, Instant createdAt) {
    private static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");

    public User {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(createdAt, "createdAt");
        if (username == null || !USERNAME.matcher(username).matches()) {
            throw new IllegalArgumentException(
                    "username must be 1-63 characters of a-z, 0-9, '.', '_' or '-', starting with a letter or digit");
        }
    }
}
