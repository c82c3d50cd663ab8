package dev.mosaic.adapters.out.postgres;

import dev.mosaic.domain.user.UserId;
import java.util.function.Consumer;
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

        /**
         * Names the user and plans the transaction's searches by meaning in one round trip: each
         * search is planned for its own parameters (only a plan that knows the model and the user can
         * pick the model's partial HNSW index, the user's own, or an exact scan of a user with few
         * vectors), and through an HNSW index the scan goes on past the first candidates until enough
         * of the user's are found (pgvector's iterative scan), which keeps a filtered search's recall.
         */
        @Select("""
                select set_config('mosaic.user_id', #{userId}, true)
                    || set_config('plan_cache_mode', 'force_custom_plan', true)
                    || set_config('hnsw.iterative_scan', 'relaxed_order', true)
                    || set_config('hnsw.ef_search', '100', true)""")
        String actAsSearching(String userId);
    }

    private UserScope() {
    }

    static <T> T inTransaction(SqlSessionFactory sessions, UserId actor, Function<SqlSession, T> work) {
        return inTransaction(sessions, mapper -> mapper.actAs(actor.toString()), work);
    }

    /** As {@link #inTransaction}, for a transaction that searches insights by meaning (see {@link Mapper#actAsSearching}). */
    static <T> T searching(SqlSessionFactory sessions, UserId actor, Function<SqlSession, T> work) {
        return inTransaction(sessions, mapper -> mapper.actAsSearching(actor.toString()), work);
    }

    private static <T> T inTransaction(SqlSessionFactory sessions, Consumer<Mapper> begin, Function<SqlSession, T> work) {
        try (SqlSession session = sessions.openSession(false)) {
            try {
                begin.accept(session.getMapper(Mapper.class));
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
