package dev.mosaic.domain.user;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * A bearer token as stored: only a hash of the secret is kept, so a database leak reveals no token.
 *
 * @param expiresAt null for a token that does not expire
 * @param revokedAt null while the token is valid
 * @param lastUsedAt when it last authenticated, to the minute; null when never
 */
public record ApiToken(TokenId id, UserId owner, String name, byte[] secretHash, Instant createdAt, Instant expiresAt,
        Instant revokedAt, Instant lastUsedAt) {

    public ApiToken {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(createdAt, "createdAt");
        secretHash = Objects.requireNonNull(secretHash, "secretHash").clone();
    }

    @Override
    public byte[] secretHash() {
        return secretHash.clone();
    }

    public boolean isExpiredAt(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }

    public boolean isRevoked() {
        return revokedAt != null;
    }

    /** Whether it authenticates at {@code now}: neither revoked nor expired. */
    public boolean isActiveAt(Instant now) {
        return !isRevoked() && !isExpiredAt(now);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ApiToken that
                && id.equals(that.id) && owner.equals(that.owner) && name.equals(that.name)
                && Arrays.equals(secretHash, that.secretHash) && createdAt.equals(that.createdAt)
                && Objects.equals(expiresAt, that.expiresAt) && Objects.equals(revokedAt, that.revokedAt)
                && Objects.equals(lastUsedAt, that.lastUsedAt);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    @Override
    public String toString() {
        return "ApiToken[id=" + id + ", owner=" + owner + ", name=" + name + "]";
    }
}
