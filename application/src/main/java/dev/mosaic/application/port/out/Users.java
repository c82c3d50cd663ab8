package dev.mosaic.application.port.out;

import dev.mosaic.domain.user.User;
import dev.mosaic.domain.user.UserId;
import java.util.Optional;

public interface Users {

    /** Stores a new user; fails with {@link UsernameTakenException} when the name is in use. */
    void create(User user);

    /** The acting user's own record. */
    Optional<User> self(UserId actor);

    /** Administrative look-up by name, for the command line. */
    Optional<UserId> idOf(String username);

    final class UsernameTakenException extends RuntimeException {
        public UsernameTakenException(String username) {
            super("username '" + username + "' is already taken");
        }
    }
}
