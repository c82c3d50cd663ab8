package dev.mosaic.adapters.out.postgres;

import java.sql.SQLException;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/** Reads what PostgreSQL said from the SQLException that MyBatis wraps. */
final class SqlErrors {
    static final String FOREIGN_KEY_VIOLATION = "23503";
    static final String UNIQUE_VIOLATION = "23505";
    /** Also what a row-level security WITH CHECK failure reports. */
    static final String INSUFFICIENT_PRIVILEGE = "42501";

    private SqlErrors() {
    }

    static String sqlState(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
        }
        return "";
    }

    /** The name of the constraint the statement violated, or "" when it violated none. */
    static String violatedConstraint(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof PSQLException psql) {
                ServerErrorMessage server = psql.getServerErrorMessage();
                return server == null || server.getConstraint() == null ? "" : server.getConstraint();
            }
        }
        return "";
    }
}
