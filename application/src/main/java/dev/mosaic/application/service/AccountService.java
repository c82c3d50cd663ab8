package dev.mosaic.application.service;

import dev.mosaic.application.ErrorCode;
import dev.mosaic.application.Rejection;
import dev.mosaic.application.port.in.AuthenticateUseCase;
import dev.mosaic.application.port.in.ManageAccountsUseCase;
import dev.mosaic.application.port.out.ApiTokens;
import dev.mosaic.application.port.out.Users;
import dev.mosaic.domain.user.ApiToken;
import dev.mosaic.domain.user.TokenId;
import dev.mosaic.domain.user.User;
import dev.mosaic.domain.user.UserId;
import dev.mosaic.domain.user.UserRole;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Users and bearer tokens. A token is {@value #PREFIX} followed by 256 random bits; only its
 * SHA-256 is stored. A fast hash is enough because the secret is random, not chosen by a person.
 */
public final class AccountService implements AuthenticateUseCase, ManageAccountsUseCase {

    static final String PREFIX = "mosaic_";
    /** How stale a token's last use may be before authenticating writes it again: one write a minute, not one a request. */
    static final Duration LAST_USED_PRECISION = Duration.ofMinutes(1);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Users users;
    private final ApiTokens tokens;
    private final Clock clock;

    public AccountService(Users users, ApiTokens tokens, Clock clock) {
        this.users = Objects.requireNonNull(users);
        this.tokens = Objects.requireNonNull(tokens);
        this.clock = Objects.requireNonNull(clock);
    }

    @Override
    public Outcome authenticate(String bearerToken) {
        if (bearerToken == null || bearerToken.isBlank()) {
            return rejected(ErrorCode.UNAUTHORIZED, "a bearer token is required");
        }
        Optional<ApiToken> found = tokens.findBySecretHash(hash(bearerToken.strip()));
        if (found.isEmpty()) {
            return rejected(ErrorCode.UNAUTHORIZED, "the token is not valid");
        }
        ApiToken token = found.get();
        if (token.isRevoked()) {
            return rejected(ErrorCode.TOKEN_REVOKED, "the token was revoked; ask for a new one");
        }
        Instant now = clock.instant();
        if (token.isExpiredAt(now)) {
            return rejected(ErrorCode.TOKEN_EXPIRED, "the token expired at " + token.expiresAt() + "; ask for a new one");
        }
        if (token.lastUsedAt() == null || token.lastUsedAt().isBefore(now.minus(LAST_USED_PRECISION))) {
            tokens.recordUse(token.owner(), token.id(), now);
        }
        return new Outcome.Authenticated(token.owner(), token.id());
    }

    private static Outcome rejected(ErrorCode code, String message) {
        return new Outcome.Rejected(new Rejection(code, message));
    }

    @Override
    public NewUser createUser(String username, Duration validity, UserRole role) {
        User user = new User(UserId.random(), username, clock.instant());
        try {
            users.create(user, role);
        } catch (Users.UsernameTakenException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        return new NewUser(user, issue(user.id(), "default", validity));
    }

    @Override
    public IssuedToken issueToken(String username, String tokenName, Duration validity) {
        return issue(ownerNamed(username), tokenName, validity);
    }

    private UserId ownerNamed(String username) {
        return users.idOf(username)
                .orElseThrow(() -> new IllegalArgumentException("there is no user named '" + username + "'"));
    }

    private IssuedToken issue(UserId owner, String name, Duration validity) {
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        String secret = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Instant now = clock.instant();
        ApiToken token = new ApiToken(TokenId.random(), owner, name == null || name.isBlank() ? "default" : name.strip(),
                hash(secret), now, validity == null ? null : now.plus(validity), null, null);
        tokens.store(owner, token);
        return new IssuedToken(token, secret);
    }

    @Override
    public boolean revokeToken(UserId actor, TokenId token) {
        return tokens.revoke(actor, token, clock.instant());
    }

    @Override
    public List<UserOverview> listUsers() {
        return users.list(clock.instant()).stream().map(u -> new UserOverview(u.user(), u.role(), u.activeTokens())).toList();
    }

    @Override
    public List<ApiToken> listTokens(String username) {
        return tokens.list(ownerNamed(username));
    }

    static byte[] hash(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
