package dev.mosaic.application.port.out;

import dev.mosaic.domain.user.UserRole;
import dev.mosaic.domain.user.User;
import dev.mosaic.domain.user.UserId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

public interface Users {

    /** A user, its role, and how many of its tokens are active (neither revoked nor expired). */
    record Listed(User user, UserRole role, int activeTokens) {}

    /** Stores a new user; fails with {@link UsernameTakenException} when the name is in use. */
    void create(User user, UserRole role);

    /** Stores a new user with the {@link UserRole#USER} role. */
    default void create(User user) {
        create(user, UserRole.USER);
    }

    /** The acting user's role; {@link UserRole#USER} when the actor is unknown. */
    UserRole role(UserId actor);

    /** The acting user's own record. */
    Optional<User> self(UserId actor);

    /** Administrative look-up by name, for the command line. */
    Optional<UserId> idOf(String username);

    /** Every user, by name, with the tokens active at {@code at}: the administrator's list, for the command line. */
    List<Listed> list(Instant at);

    final class UsernameTakenException extends RuntimeException {
        public UsernameTakenException(String username) {
            super("username '" + username + "' is already taken");
        }
    }
}
