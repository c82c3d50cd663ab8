package dev.mosaic.adapters.out.postgres;

import dev.mosaic.application.Secret;
import dev.mosaic.domain.user.User;
import dev.mosaic.domain.user.UserId;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The real test database. Its absence fails the tests (never skips them): this module's point is
 * what PostgreSQL enforces, which no stand-in shows. Other modules' tests use the same database at
 * the same time, so tests only ever add rows, for users of their own with random ids and names.
 *
 * <p>Environment: MOSAIC_TEST_DB_URL, MOSAIC_TEST_DB_OWNER and MOSAIC_TEST_DB_APP (role names),
 * MOSAIC_TEST_DB_OWNER_PASSWORD and MOSAIC_TEST_DB_APP_PASSWORD; the defaults match scripts/services.sh.
 */
final class TestDatabase {
    static final String URL = env("MOSAIC_TEST_DB_URL", "jdbc:postgresql://127.0.0.1:5432/mosaic_test");
    static final String OWNER = env("MOSAIC_TEST_DB_OWNER", "mosaic_owner");
    static final String APP = env("MOSAIC_TEST_DB_APP", "mosaic_app");
    private static final String OWNER_PASSWORD = env("MOSAIC_TEST_DB_OWNER_PASSWORD", "mosaic_owner");
    private static final String APP_PASSWORD = env("MOSAIC_TEST_DB_APP_PASSWORD", "mosaic_app");

    private TestDatabase() {
    }

    static PostgresConfig config(int maxPoolSize) {
        return new PostgresConfig(URL, APP, Secret.ofNullable(APP_PASSWORD), OWNER, Secret.ofNullable(OWNER_PASSWORD),
                maxPoolSize);
    }

    private static PostgresDatabase shared;

    /** One database for every test class that needs nothing special, closed when the test JVM ends. */
    static synchronized PostgresDatabase shared() {
        if (shared == null) {
            shared = start(4);
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "close-test-database"));
        }
        return shared;
    }

    static PostgresDatabase start(int maxPoolSize) {
        try {
            return PostgresDatabase.start(config(maxPoolSize));
        } catch (RuntimeException e) {
            throw new AssertionError("the PostgreSQL tests cannot run: " + e.getMessage(), e);
        }
    }

    /** A plain JDBC connection as the application role, outside anything the adapter does. */
    static Connection connectAsApp() {
        return connect(APP, APP_PASSWORD);
    }

    static Connection connectAsOwner() {
        return connect(OWNER, OWNER_PASSWORD);
    }

    private static Connection connect(String user, String password) {
        try {
            return DriverManager.getConnection(URL, user, password);
        } catch (SQLException e) {
            throw new AssertionError("the PostgreSQL tests cannot run: cannot connect to " + URL + " as " + user + " ("
                    + e.getMessage() + "): run scripts/services.sh, or point MOSAIC_TEST_DB_URL at a database", e);
        }
    }

    static UserId newUser(PostgresDatabase database) {
        User user = new User(UserId.random(), "test-" + UUID.randomUUID(), Instant.now().truncatedTo(ChronoUnit.MILLIS));
        database.users().create(user);
        return user.id();
    }

    /** The first column of every row, as text (null stays null). */
    static List<String> column(Connection connection, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            List<String> values = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    values.add(rows.getString(1));
                }
            }
            return values;
        }
    }

    static int update(Connection connection, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            return statement.executeUpdate();
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
