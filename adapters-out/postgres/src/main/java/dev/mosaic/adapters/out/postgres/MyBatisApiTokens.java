package dev.mosaic.adapters.out.postgres;

import dev.mosaic.adapters.out.postgres.ApiTokenMapper.TokenRow;
import dev.mosaic.application.port.out.ApiTokens;
import dev.mosaic.domain.user.ApiToken;
import dev.mosaic.domain.user.TokenId;
import dev.mosaic.domain.user.UserId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;

final class MyBatisApiTokens implements ApiTokens {
    private final SqlSessionFactory sessions;

    MyBatisApiTokens(SqlSessionFactory sessions) {
        this.sessions = sessions;
    }

    @Override
    public void store(UserId actor, ApiToken token) {
        // Row-level security would refuse it too; this says why in the domain's words.
        if (!token.owner().equals(actor)) {
            throw new IllegalStateException("an actor can only store its own tokens");
        }
        TokenRow row = new TokenRow(token.id().value(), token.owner().value(), token.name(), token.secretHash(),
                token.createdAt(), token.expiresAt(), token.revokedAt(), token.lastUsedAt());
        UserScope.inTransaction(sessions, actor, session -> session.getMapper(ApiTokenMapper.class).insert(row));
    }

    @Override
    public Optional<ApiToken> findBySecretHash(byte[] secretHash) {
        try (SqlSession session = sessions.openSession(true)) {
            return Optional.ofNullable(session.getMapper(ApiTokenMapper.class).findBySecretHash(secretHash))
                    .map(MyBatisApiTokens::token);
        }
    }

    @Override
    public List<ApiToken> list(UserId actor) {
        return UserScope.inTransaction(sessions, actor, session -> session.getMapper(ApiTokenMapper.class).list(actor.value()))
                .stream().map(MyBatisApiTokens::token).toList();
    }

    @Override
    public boolean revoke(UserId actor, TokenId id, Instant at) {
        return UserScope.inTransaction(sessions, actor,
                session -> session.getMapper(ApiTokenMapper.class).revoke(actor.value(), id.value(), at)) > 0;
    }

    @Override
    public void recordUse(UserId actor, TokenId id, Instant at) {
        UserScope.inTransaction(sessions, actor,
                session -> session.getMapper(ApiTokenMapper.class).recordUse(actor.value(), id.value(), at));
    }

    private static ApiToken token(TokenRow r) {
        return new ApiToken(new TokenId(r.id()), new UserId(r.userId()), r.name(), r.secretHash(), r.createdAt(),
                r.expiresAt(), r.revokedAt(), r.lastUsedAt());
    }
}
