package dev.mosaic.adapters.out.postgres;

import dev.mosaic.adapters.out.postgres.UserMapper.UserRow;
import dev.mosaic.application.port.out.Users;
import dev.mosaic.domain.user.User;
import dev.mosaic.domain.user.UserId;
import dev.mosaic.domain.user.UserRole;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;

final class MyBatisUsers implements Users {
    private static final String USERNAME_UNIQUE = "users_username_unique";

    private final SqlSessionFactory sessions;

    MyBatisUsers(SqlSessionFactory sessions) {
        this.sessions = sessions;
    }

    /** Acts as the new user, whose row is the only one the users policy lets it insert. */
    @Override
    public void create(User user, UserRole role) {
        UserRow row = new UserRow(user.id().value(), user.username(), user.createdAt());
        try {
            UserScope.inTransaction(sessions, user.id(),
                    session -> session.getMapper(UserMapper.class).insert(row, role.wireName()));
        } catch (RuntimeException e) {
            if (SqlErrors.violatedConstraint(e).equals(USERNAME_UNIQUE)) {
                throw new UsernameTakenException(user.username());
            }
            throw e;
        }
    }

    @Override
    public UserRole role(UserId actor) {
        String role = UserScope.inTransaction(sessions, actor, session -> session.getMapper(UserMapper.class).role(actor.value()));
        return role == null ? UserRole.USER : UserRole.fromWireName(role);
    }

    @Override
    public Optional<User> self(UserId actor) {
        UserRow row = UserScope.inTransaction(sessions, actor, session -> session.getMapper(UserMapper.class).self(actor.value()));
        return Optional.ofNullable(row).map(r -> new User(new UserId(r.id()), r.username(), r.createdAt()));
    }

    @Override
    public Optional<UserId> idOf(String username) {
        try (SqlSession session = sessions.openSession(true)) {
            return Optional.ofNullable(session.getMapper(UserMapper.class).idOf(username)).map(UserId::new);
        }
    }

    @Override
    public List<Listed> list(Instant at) {
        try (SqlSession session = sessions.openSession(true)) {
            return session.getMapper(UserMapper.class).list(at).stream()
                    .map(r -> new Listed(new User(new UserId(r.id()), r.username(), r.createdAt()), UserRole.fromWireName(r.role()),
                            (int) r.activeTokens()))
                    .toList();
        }
    }
}
