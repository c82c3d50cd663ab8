package dev.mosaic.domain.user;

import java.util.Objects;
import java.util.Optional;

/**
 * Whose configuration it is (a routing rule, an agent): the gateway's, edited by admins and applying
 * to everyone, or one user's, for that user only and seen by nobody else.
 *
 * @param user null for the gateway's own
 */
public record Owner(UserId user) {
    public static final Owner SYSTEM = new Owner(null);

    public static Owner of(UserId user) {
        return new Owner(Objects.requireNonNull(user, "user"));
    }

    public boolean isSystem() {
        return user == null;
    }

    public Optional<UserId> userId() {
        return Optional.ofNullable(user);
    }

    /** Whether what this owner holds applies to {@code actor}, who may then see it. */
    public boolean appliesTo(UserId actor) {
        return user == null || user.equals(actor);
    }

    /** {@code system} or {@code user}: what people are shown (never whose). */
    public String label() {
        return user == null ? "system" : "user";
    }
}
