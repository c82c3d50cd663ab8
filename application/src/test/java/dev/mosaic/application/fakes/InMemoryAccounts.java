package dev.mosaic.application.fakes;

import dev.mosaic.application.port.out.ApiTokens;
import dev.mosaic.application.port.out.Users;
import dev.mosaic.domain.user.ApiToken;
import dev.mosaic.domain.user.TokenId;
import dev.mosaic.domain.user.User;
import dev.mosaic.domain.user.UserId;
import dev.mosaic.domain.user.UserRole;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Fake {@link Users} and {@link ApiTokens} in one, for tests of the core. */
public final class InMemoryAccounts implements Users, ApiTokens {
    private final Map<UserId, User> users = new ConcurrentHashMap<>();
    private final Map<TokenId, ApiToken> tokens = new ConcurrentHashMap<>();
    private final Map<UserId, UserRole> roles = new ConcurrentHashMap<>();

    @Override
    public synchronized void create(User user, UserRole role) {
        if (users.values().stream().anyMatch(u -> u.username().equals(user.username()))) {
            throw new UsernameTakenException(user.username());
        }
        users.put(user.id(), user);
        roles.put(user.id(), role);
    }

    @Override
    public UserRole role(UserId actor) {
        return roles.getOrDefault(actor, UserRole.USER);
    }

    @Override
    public Optional<User> self(UserId actor) {
        return Optional.ofNullable(users.get(actor));
    }

    @Override
    public Optional<UserId> idOf(String username) {
        return users.values().stream().filter(u -> u.username().equals(username)).map(User::id).findFirst();
    }

    @Override
    public List<Listed> list(Instant at) {
        return users.values().stream().sorted(Comparator.comparing(User::username))
                .map(u -> new Listed(u, role(u.id()), (int) tokens.values().stream()
                        .filter(t -> t.owner().equals(u.id()) && t.isActiveAt(at)).count()))
                .toList();
    }

    @Override
    public void store(UserId actor, ApiToken token) {
        if (!token.owner().equals(actor) || !users.containsKey(actor)) {
            throw new IllegalStateException("an actor can only store its own tokens");
        }
        tokens.put(token.id(), token);
    }

    @Override
    public Optional<ApiToken> findBySecretHash(byte[] secretHash) {
        return tokens.values().stream().filter(t -> Arrays.equals(t.secretHash(), secretHash)).findFirst();
    }

    @Override
    public List<ApiToken> list(UserId actor) {
        return tokens.values().stream().filter(t -> t.owner().equals(actor))
                .sorted(Comparator.comparing(ApiToken::createdAt)).toList();
    }

    @Override
    public synchronized boolean revoke(UserId actor, TokenId id, Instant at) {
        ApiToken token = tokens.get(id);
        if (token == null || !token.owner().equals(actor)) {
            return false;
        }
        tokens.put(id, new ApiToken(token.id(), token.owner(), token.name(), token.secretHash(), token.createdAt(),
                token.expiresAt(), token.revokedAt() == null ? at : token.revokedAt(), token.lastUsedAt()));
        return true;
    }

    @Override
    public synchronized void recordUse(UserId actor, TokenId id, Instant at) {
        ApiToken token = tokens.get(id);
        if (token != null && token.owner().equals(actor)
                && (token.lastUsedAt() == null || token.lastUsedAt().isBefore(at))) {
            tokens.put(id, new ApiToken(token.id(), token.owner(), token.name(), token.secretHash(), token.createdAt(),
                    token.expiresAt(), token.revokedAt(), at));
        }
    }
}
