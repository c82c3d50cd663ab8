package dev.mosaic.adapters.out.postgres;

import dev.mosaic.application.port.out.InsightIndexes;
import dev.mosaic.application.port.out.embedding.VectorSpace;
import dev.mosaic.domain.user.UserId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * Users' own insight indexes (V19, docs/adr/0018), built and dropped as the owner role, the only one
 * that may, over a connection of its own opened for each step: the gateway's pool is the application
 * role's. {@code CONCURRENTLY} cannot run inside a transaction, so each statement commits by itself;
 * its text comes from the owner's functions of V19, which quote the user, model and size.
 */
final class PostgresInsightIndexes implements InsightIndexes {
    private static final Pattern NAME = Pattern.compile("insight_hnsw_user_[0-9a-f]{32}_[0-9a-f]{8}");
    /** A build waits for transactions older than it and then reads every row of the user's; bounded all the same. */
    private static final String STATEMENT_TIMEOUT = "60min";

    private final DataSource owner;

    PostgresInsightIndexes(DataSource owner) {
        this.owner = owner;
    }

    @Override
    public List<Present> present() {
        try (Connection connection = owner.getConnection(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "select index_name, usable, user_id, vectors from user_insight_indexes()")) {
            List<Present> present = new ArrayList<>();
            while (rows.next()) {
                present.add(new Present(rows.getString(1), new UserId(rows.getObject(3, UUID.class)), rows.getBoolean(2),
                        rows.getLong(4)));
            }
            return present;
        } catch (SQLException e) {
            throw new IllegalStateException("could not list the users' insight indexes: " + e.getMessage(), e);
        }
    }

    @Override
    public List<Candidate> largest(VectorSpace space, long minimum, int limit) {
        try (Connection connection = owner.getConnection(); PreparedStatement statement = connection.prepareStatement("""
                select user_id, count(*), user_insight_index_name(user_id, model, dimensions) from embeddings
                where subject_kind = 'insight' and model = ? and dimensions = ?
                group by user_id, model, dimensions having count(*) >= ?
                order by count(*) desc, user_id limit ?""")) {
            statement.setString(1, space.model());
            statement.setInt(2, space.dimensions());
            statement.setLong(3, minimum);
            statement.setInt(4, limit);
            List<Candidate> found = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    found.add(new Candidate(rows.getString(3), new UserId(rows.getObject(1, UUID.class)), space,
                            rows.getLong(2)));
                }
            }
            return found;
        } catch (SQLException e) {
            throw new IllegalStateException("could not count the users' insight vectors of " + space + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void create(Candidate candidate) {
        try (Connection connection = owner.getConnection()) {
            connection.setAutoCommit(true);
            String definition = text(connection, "select user_insight_index_definition(?, ?, ?)", candidate);
            if (exists(connection, candidate.name())) {
                return;
            }
            try (Statement statement = connection.createStatement()) {
                statement.execute("set statement_timeout = '" + STATEMENT_TIMEOUT + "'");
                statement.execute(definition);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not build the insight index of user " + candidate.owner() + " for "
                    + candidate.space() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void drop(Present index) {
        if (!NAME.matcher(index.name()).matches()) {
            throw new IllegalArgumentException("not a user's insight index: " + index.name());
        }
        try (Connection connection = owner.getConnection(); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(true);
            statement.execute("set statement_timeout = '" + STATEMENT_TIMEOUT + "'");
            // The name matched the pattern above, so it needs no quoting.
            statement.execute("drop index concurrently if exists " + index.name());
        } catch (SQLException e) {
            throw new IllegalStateException("could not drop the insight index " + index.name() + ": " + e.getMessage(), e);
        }
    }

    private static String text(Connection connection, String sql, Candidate candidate) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setObject(1, candidate.owner().value());
            statement.setString(2, candidate.space().model());
            statement.setInt(3, candidate.space().dimensions());
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getString(1);
            }
        }
    }

    private static boolean exists(Connection connection, String name) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "select from pg_class where relname = ? and relnamespace = 'public'::regnamespace")) {
            statement.setString(1, name);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next();
            }
        }
    }
}
