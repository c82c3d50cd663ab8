package dev.mosaic.adapters.out.postgres;

import dev.mosaic.adapters.out.postgres.ProviderCredentialMapper.CredentialRow;
import dev.mosaic.application.credential.CredentialKind;
import dev.mosaic.application.credential.ProviderCredential;
import dev.mosaic.application.port.out.ProviderCredentials;
import dev.mosaic.domain.user.UserId;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;

/** Stores ciphertext and metadata only: the secret reaches this adapter already encrypted. */
final class MyBatisProviderCredentials implements ProviderCredentials {
    private final SqlSessionFactory sessions;

    MyBatisProviderCredentials(SqlSessionFactory sessions) {
        this.sessions = sessions;
    }

    @Override
    public void put(UserId actor, Encrypted credential) {
        CredentialRow row = row(actor, credential);
        UserScope.inTransaction(sessions, actor, session -> session.getMapper(ProviderCredentialMapper.class).put(row));
    }

    @Override
    public boolean replace(UserId actor, byte[] current, Encrypted replacement) {
        CredentialRow row = row(actor, replacement);
        return UserScope.inTransaction(sessions, actor,
                session -> session.getMapper(ProviderCredentialMapper.class).replace(current, row)) > 0;
    }

    private static CredentialRow row(UserId actor, Encrypted credential) {
        ProviderCredential c = credential.credential();
        // Row-level security would refuse it too; this says why in the domain's words.
        if (!c.owner().equals(actor)) {
            throw new IllegalStateException("an actor can only store its own credentials");
        }
        return new CredentialRow(c.owner().value(), c.provider(), c.kind().wireName(), c.label(), c.hint(),
                c.baseUrl() == null ? null : c.baseUrl().toString(), credential.ciphertext(), c.createdAt(), c.updatedAt(),
                c.expiresAt());
    }

    @Override
    public List<Encrypted> list(UserId actor) {
        return UserScope.inTransaction(sessions, actor,
                session -> session.getMapper(ProviderCredentialMapper.class).list(actor.value())).stream()
                .map(MyBatisProviderCredentials::encrypted).toList();
    }

    @Override
    public Optional<Encrypted> find(UserId actor, String provider) {
        return Optional.ofNullable(UserScope.inTransaction(sessions, actor,
                session -> session.getMapper(ProviderCredentialMapper.class).find(actor.value(), provider)))
                .map(MyBatisProviderCredentials::encrypted);
    }

    @Override
    public boolean delete(UserId actor, String provider) {
        return UserScope.inTransaction(sessions, actor,
                session -> session.getMapper(ProviderCredentialMapper.class).delete(actor.value(), provider)) > 0;
    }

    @Override
    public boolean rewrap(UserId actor, String provider, byte[] current, byte[] replacement) {
        return UserScope.inTransaction(sessions, actor, session -> session.getMapper(ProviderCredentialMapper.class)
                .rewrap(actor.value(), provider, current, replacement)) > 0;
    }

    @Override
    public List<UserId> owners() {
        try (SqlSession session = sessions.openSession(true)) {
            return session.getMapper(ProviderCredentialMapper.class).owners().stream().map(UserId::new).toList();
        }
    }

    private static Encrypted encrypted(CredentialRow r) {
        return new Encrypted(new ProviderCredential(new UserId(r.userId()), r.provider(), CredentialKind.fromWireName(r.kind()),
                r.label(), r.hint(), r.baseUrl() == null ? null : URI.create(r.baseUrl()), r.createdAt(), r.updatedAt(),
                r.expiresAt()),
                r.ciphertext());
    }
}
