package dev.mosaic.adapters.out.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.domain.conversation.Conversation;
import dev.mosaic.domain.conversation.ConversationId;
import dev.mosaic.domain.user.UserId;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.apache.ibatis.session.SqlSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A pool of one connection, so that every transaction below runs on the same server session: the
 * acting user of one transaction must not leak into the next, however the first one ended.
 */
class PooledConnectionTest {
    private static PostgresDatabase database;
    private UserId alice;
    private UserId bob;
    private Conversation conversationOfAlice;

    @BeforeAll
    static void start() {
        database = TestDatabase.start(1);
    }

    @AfterAll
    static void stop() {
        if (database != null) {
            database.close();
        }
    }

    @BeforeEach
    void twoUsers() {
        alice = TestDatabase.newUser(database);
        bob = TestDatabase.newUser(database);
        conversationOfAlice = Conversation.start(alice, "hello", Instant.now().truncatedTo(ChronoUnit.MILLIS));
        database.conversations().create(alice, conversationOfAlice);
    }

    @Test
    void theNextTransactionOnTheConnectionSeesNothingOfTheLastUsers() {
        int connection = UserScope.inTransaction(database.sessions(), alice, session -> {
            assertEquals(List.of(conversationOfAlice.id().toString()), query(session, "select id from conversations"));
            return backendPid(session);
        });

        try (SqlSession noUser = database.sessions().openSession()) {
            assertEquals(connection, backendPid(noUser), "the pool hands out the same connection");
            assertNoActingUser(noUser);
            assertEquals(List.of(), query(noUser, "select id from conversations"));
        }

        UserScope.inTransaction(database.sessions(), bob, session -> {
            assertEquals(connection, backendPid(session));
            assertEquals(List.of(), query(session, "select id from conversations"), "bob has none, and sees none of alice's");
            return null;
        });
        assertTrue(database.conversations().find(bob, conversationOfAlice.id()).isEmpty());
    }

    @Test
    void aTransactionThatThrowsIsRolledBackAndLeavesNoActingUser() {
        ConversationId written = ConversationId.random();
        int connection = UserScope.inTransaction(database.sessions(), alice, PooledConnectionTest::backendPid);

        IllegalStateException failure = assertThrows(IllegalStateException.class,
                () -> UserScope.inTransaction(database.sessions(), alice, session -> {
                    query(session, "insert into conversations (id, user_id, title, created_at, updated_at)"
                            + " values ('" + written + "', '" + alice + "', 'doomed', now(), now()) returning id");
                    throw new IllegalStateException("the work failed after writing");
                }));
        assertEquals("the work failed after writing", failure.getMessage());
        assertNoActingUserOn(connection);
        assertTrue(database.conversations().find(alice, written).isEmpty(), "what the failed transaction wrote is gone");
    }

    @Test
    void aTransactionTheServerAbortedLeavesNoActingUser() {
        int connection = UserScope.inTransaction(database.sessions(), alice, PooledConnectionTest::backendPid);

        assertThrows(RuntimeException.class,
                () -> UserScope.inTransaction(database.sessions(), alice, session -> query(session, "select 1 / 0")));
        assertNoActingUserOn(connection);
        assertEquals(conversationOfAlice, database.conversations().find(alice, conversationOfAlice.id()).orElseThrow(),
                "the connection is usable again");
    }

    private static void assertNoActingUserOn(int connection) {
        try (SqlSession noUser = database.sessions().openSession()) {
            assertEquals(connection, backendPid(noUser), "the pool hands out the same connection");
            assertNoActingUser(noUser);
            assertEquals(List.of(), query(noUser, "select id from conversations"));
        }
    }

    /** The setting is null in a session that never set it and empty after a local one ended. */
    private static void assertNoActingUser(SqlSession session) {
        String actingUser = query(session, "select current_setting('mosaic.user_id', true)").getFirst();
        assertTrue(actingUser == null || actingUser.isEmpty(), () -> "still acting as " + actingUser);
        assertEquals(List.of("true"), query(session, "select (mosaic_user_id() is null)::text"));
    }

    private static int backendPid(SqlSession session) {
        return Integer.parseInt(query(session, "select pg_backend_pid()").getFirst());
    }

    /** Plain SQL on the session's connection, inside its transaction. */
    private static List<String> query(SqlSession session, String sql) {
        try {
            return TestDatabase.column(session.getConnection(), sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
