package dev.mosaic.adapters.out.postgres;

import dev.mosaic.domain.user.UserId;
import java.util.function.Function;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;

/**
 * The one way user data is touched: a transaction that first names its acting user in the
 * setting {@code mosaic.user_id}, which the row-level security policies compare each row with.
 *
 * <p>The setting is transaction-local ({@code set_config(.., true)}), so it ends with the
 * transaction, committed or rolled back, and a pooled connection never carries one user's identity
 * into the next borrower's work.
 */
final class UserScope {

    interface Mapper {
        @Select("select set_config('mosaic.user_id', #{userId}, true)")
        String actAs(String userId);
    }

    private UserScope() {
    }

    static <T> T inTransaction(SqlSessionFactory sessions, UserId actor, Function<SqlSession, T> work) {
        try (SqlSession session = sessions.openSession(false)) {
            try {
                session.getMapper(Mapper.class).actAs(actor.toString());
                T result = work.apply(session);
                // Forced: MyBatis would skip the commit after selects only, leaving the end to chance.
                session.commit(true);
                return result;
            } catch (RuntimeException e) {
                try {
                    session.rollback(true);
                } catch (RuntimeException rollbackFailure) {
                    e.addSuppressed(rollbackFailure);
                }
                throw e;
            }
        }
    }
}
