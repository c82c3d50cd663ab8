package dev.mosaic.application.port.out;

import dev.mosaic.domain.user.ApiToken;
import dev.mosaic.domain.user.TokenId;
import dev.mosaic.domain.user.UserId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

public interface ApiTokens {

    void store(UserId actor, ApiToken token);

    /**
     * Finds the token with this secret hash, whoever owns it. This is the one look-up that runs
     * before a user is known, which is why it takes a hash and nothing else.
     */
    Optional<ApiToken> findBySecretHash(byte[] secretHash);

    /** The actor's own tokens, revoked and expired ones included, oldest first. */
    List<ApiToken> list(UserId actor);

    /** @return false when the actor has no such token */
    boolean revoke(UserId actor, TokenId id, Instant at);

    /** Notes that the actor's token authenticated at {@code at}; an earlier time never replaces a later one. */
    void recordUse(UserId actor, TokenId id, Instant at);
}
