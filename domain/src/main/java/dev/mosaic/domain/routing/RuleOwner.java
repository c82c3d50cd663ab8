package dev.mosaic.domain.routing;

import dev.mosaic.domain.user.UserId;
import java.util.Optional;

/**
 * Whose rule it is: the gateway's (a system rule, edited by admins, applying to everyone) or one
 * user's (tried before the system rules, for that user only, seen by nobody else).
 *
 * @param user null for a system rule
 */
public record RuleOwner(UserId user) {
    public static final RuleOwner SYSTEM = new RuleOwner(null);

    public static RuleOwner of(UserId user) {
        return new RuleOwner(java.util.Objects.requireNonNull(user, "user"));
    }

    public boolean isSystem() {
        return user == null;
    }

    public Optional<UserId> userId() {
        return Optional.ofNullable(user);
    }

    /** Whether {@code actor}'s messages are routed by this owner's rules (and the actor may see them). */
    public boolean appliesTo(UserId actor) {
        return user == null || user.equals(actor);
    }

    /** {@code system} or {@code user}: what people are shown (never whose). */
    public String label() {
        return user == null ? "system" : "user";
    }
}
