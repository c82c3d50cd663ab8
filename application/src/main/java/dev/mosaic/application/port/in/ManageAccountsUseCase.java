package dev.mosaic.application.port.in;

import dev.mosaic.domain.user.UserRole;
import dev.mosaic.domain.user.ApiToken;
import dev.mosaic.domain.user.TokenId;
import dev.mosaic.domain.user.User;
import dev.mosaic.domain.user.UserId;
import java.time.Duration;
import java.util.List;

/** Administration of users and their API tokens, used from the command line. */
public interface ManageAccountsUseCase {

    /** A token's secret exists only here, once; the gateway keeps its hash. */
    record IssuedToken(ApiToken token, String secret) {
        @Override
        public String toString() {
            return "IssuedToken[" + token + "]";
        }
    }

    record NewUser(User user, IssuedToken token) {}

    /** A user and how many of its tokens still authenticate. */
    record UserOverview(User user, UserRole role, int activeTokens) {}

    /**
     * @param validity null for a token that does not expire
     * @throws IllegalArgumentException for an invalid or taken username
     */
    NewUser createUser(String username, Duration validity, UserRole role);

    /** A user with the {@link UserRole#USER} role. */
    default NewUser createUser(String username, Duration validity) {
        return createUser(username, validity, UserRole.USER);
    }

    /** @throws IllegalArgumentException when there is no such user */
    IssuedToken issueToken(String username, String tokenName, Duration validity);

    /** @return false when the actor has no such token */
    boolean revokeToken(UserId actor, TokenId token);

    /** Every user, by name. */
    List<UserOverview> listUsers();

    /**
     * The user's tokens, revoked and expired ones included, oldest first.
     *
     * @throws IllegalArgumentException when there is no such user
     */
    List<ApiToken> listTokens(String username);
}
