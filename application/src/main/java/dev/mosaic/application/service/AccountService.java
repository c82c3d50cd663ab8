package dev.mosaic.application.service;

import dev.mosaic.application.ErrorCode;
import dev.mosaic.application.Rejection;
import dev.mosaic.application.port.in.AuthenticateUseCase;
import dev.mosaic.application.port.in.ManageAccountsUseCase;
import dev.mosaic.application.port.out.ApiTokens;
import dev.mosaic.application.port.out.OwnerChanges;
import dev.mosaic.application.port.out.Users;
import dev.mosaic.domain.user.ApiToken;
import dev.mosaic.domain.user.Owner;
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
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Users and bearer tokens. A token is {@value #PREFIX} followed by 256 random bits; only its
 * SHA-256 is stored. A fast hash is enough because the secret is random, not chosen by a person.
 *
 * <p>Every WebSocket frame is authenticated again, so each instance caches its users' tokens, by
 * owner, and drops an owner's when any instance announces a change of them through {@link OwnerChanges}
 * (a revocation, here, on another instance or from the command line). Expiry needs no announcement: it
 * is checked against the clock every time.
 */
public final class AccountService implements AuthenticateUseCase, ManageAccountsUseCase {

    static final String PREFIX = "mosaic_";
    /** How stale a token's last use may be before authenticating writes it again: one write a minute, not one a request. */
    static final Duration LAST_USED_PRECISION = Duration.ofMinutes(1);
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Bounds the maps below; dropped whole rather than grown without end, as {@link OwnedCache} does. */
    private static final int MAX_CACHED_TOKENS = 100_000;

    private final Users users;
    private final ApiTokens tokens;
    private final OwnerChanges changes;
    private final Clock clock;
    /** Each owner's tokens (revoked ones included) by secret hash, as read from storage. */
    private final OwnedCache<Map<String, ApiToken>> cached = new OwnedCache<>();
    /**
     * Whose token each secret hash is, learnt from storage: changes are announced per owner, but a
     * bearer token names no owner. A token's owner never changes, so this needs no dropping.
     */
    private final Map<String, UserId> owners = new ConcurrentHashMap<>();
    /** When this instance last wrote a token's use, which the cached token does not show. */
    private final Map<TokenId, Instant> usesRecorded = new ConcurrentHashMap<>();

    /** @param changes where every revocation is announced, so that each instance drops what it cached */
    public AccountService(Users users, ApiTokens tokens, OwnerChanges changes, Clock clock) {
        this.users = Objects.requireNonNull(users);
        this.tokens = Objects.requireNonNull(tokens);
        this.changes = Objects.requireNonNull(changes);
        this.clock = Objects.requireNonNull(clock);
    }

    /** {@code owner}'s tokens changed, here or on another instance. */
    public void changed(Owner owner) {
        cached.changed(owner);
    }

    /** Changes may have gone unheard: no cached token is trusted. */
    public void changesMissed() {
        cached.forgetAll();
    }

    @Override
    public Outcome authenticate(String bearerToken) {
        if (bearerToken == null || bearerToken.isBlank()) {
            return rejected(ErrorCode.UNAUTHORIZED, "a bearer token is required");
        }
        Optional<ApiToken> found = find(hash(bearerToken.strip()));
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
        Instant lastUsed = later(token.lastUsedAt(), usesRecorded.get(token.id()));
        if (lastUsed == null || lastUsed.isBefore(now.minus(LAST_USED_PRECISION))) {
            tokens.recordUse(token.owner(), token.id(), now);
            bounded(usesRecorded).put(token.id(), now);
        }
        return new Outcome.Authenticated(token.owner(), token.id());
    }

    /**
     * The token with this secret hash: from the cache when its owner is known here, otherwise from
     * storage. An unknown hash is never cached, so a token issued meanwhile (by any process) is found.
     */
    private Optional<ApiToken> find(byte[] secretHash) {
        String key = HexFormat.of().formatHex(secretHash);
        UserId owner = owners.get(key);
        if (owner != null) {
            ApiToken token = ownedBy(owner).get(key);
            if (token != null) {
                return Optional.of(token);
            }
        }
        Optional<ApiToken> found = tokens.findBySecretHash(secretHash);
        found.ifPresent(token -> {
            bounded(owners).put(key, token.owner());
            if (!ownedBy(token.owner()).containsKey(key)) {
                // Cached before this token was issued: read the owner's tokens again next time.
                cached.changed(Owner.of(token.owner()));
            }
        });
        return found;
    }

    private Map<String, ApiToken> ownedBy(UserId owner) {
        return cached.own(owner, () -> tokens.list(owner).stream().collect(Collectors.toUnmodifiableMap(
                t -> HexFormat.of().formatHex(t.secretHash()), Function.identity())));
    }

    private static <K, V> Map<K, V> bounded(Map<K, V> map) {
        if (map.size() >= MAX_CACHED_TOKENS) {
            map.clear();
        }
        return map;
    }

    private static Instant later(Instant a, Instant b) {
        return a == null ? b : b == null || a.isAfter(b) ? a : b;
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
        if (!tokens.revoke(actor, token, clock.instant())) {
            return false;
        }
        // Dropped here first, then on every other instance, whose next frame with the token reads it anew.
        Owner owner = Owner.of(actor);
        changed(owner);
        changes.publish(owner);
        return true;
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
