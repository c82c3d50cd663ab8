package dev.mosaic.adapters.out.postgres;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.application.Secret;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Starting, readiness, and what a failure to connect tells the person who has to fix it. */
class PostgresDatabaseTest {

    @Test
    void isReachableWhileOpenAndNotOnceClosed() {
        PostgresDatabase database = TestDatabase.start(1);
        assertTrue(database.isReachable());
        database.close();
        assertFalse(database.isReachable());
    }

    // An unknown role rather than a wrong password: a server that trusts local connections (as
    // some development set-ups do) accepts any password, but rejects every unknown role.
    @Test
    void aFailingApplicationRoleIsNamedWithTheUrlButItsPasswordIsNot() {
        // Migrated first, or the migration's grants to the unknown role would fail before connecting.
        TestDatabase.start(1).close();
        PostgresConfig good = TestDatabase.config(1);
        String role = "nobody_" + UUID.randomUUID().toString().substring(0, 8);
        String password = "secret-" + UUID.randomUUID();
        PostgresConfig config = new PostgresConfig(good.jdbcUrl(), role, Secret.ofNullable(password),
                good.ownerUser(), good.ownerPassword(), 1);
        assertHelpfulAndDiscreet(config, role, password);
    }

    @Test
    void aFailingOwnerRoleIsNamedWithTheUrlButItsPasswordIsNot() {
        PostgresConfig good = TestDatabase.config(1);
        String role = "nobody_" + UUID.randomUUID().toString().substring(0, 8);
        String password = "secret-" + UUID.randomUUID();
        PostgresConfig config = new PostgresConfig(good.jdbcUrl(), good.appUser(), good.appPassword(),
                role, Secret.ofNullable(password), 1);
        assertHelpfulAndDiscreet(config, role, password);
    }

    @Test
    void noServerAtTheAddressIsReportedWithTheHint() {
        PostgresConfig good = TestDatabase.config(1);
        PostgresConfig config = new PostgresConfig("jdbc:postgresql://127.0.0.1:1/mosaic_test", good.appUser(),
                good.appPassword(), good.ownerUser(), good.ownerPassword(), 1);
        IllegalStateException failure = assertThrows(IllegalStateException.class, () -> PostgresDatabase.start(config));
        assertTrue(failure.getMessage().contains("127.0.0.1:1/mosaic_test"), failure.getMessage());
        assertTrue(failure.getMessage().contains("scripts/services.sh"), failure.getMessage());
    }

    @Test
    void theConfigurationShowsNoPasswordNotEvenInTheUrl() {
        PostgresConfig config = new PostgresConfig("jdbc:postgresql://db:5432/mosaic?password=url-secret", "app",
                Secret.ofNullable("app-secret-123"), "owner", Secret.ofNullable("owner-secret-456"), 4);
        String text = config.toString();
        assertTrue(text.contains("jdbc:postgresql://db:5432/mosaic") && text.contains("app") && text.contains("owner"), text);
        for (String secret : new String[] {"url-secret", "app-", "-123", "owner-", "-456"}) {
            assertFalse(text.contains(secret), text);
        }
    }

    private static void assertHelpfulAndDiscreet(PostgresConfig config, String user, String password) {
        IllegalStateException failure = assertThrows(IllegalStateException.class, () -> PostgresDatabase.start(config));
        String message = failure.getMessage();
        assertTrue(message.contains(config.safeUrl()), message);
        assertTrue(message.contains(" as " + user), message);
        assertTrue(message.contains("scripts/services.sh"), message);
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            assertFalse(String.valueOf(cause.getMessage()).contains(password), cause.toString());
        }
    }
}
