package dev.mosaic.adapters.out.postgres;

import static dev.mosaic.adapters.out.postgres.TestDatabase.column;
import static dev.mosaic.adapters.out.postgres.TestDatabase.update;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.application.port.out.embedding.Embedding;
import dev.mosaic.application.port.out.embedding.EmbeddingVectors.Subject;
import dev.mosaic.domain.conversation.Conversation;
import dev.mosaic.domain.conversation.Message;
import dev.mosaic.domain.user.ApiToken;
import dev.mosaic.domain.user.TokenId;
import dev.mosaic.domain.user.UserId;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the database itself enforces, seen over plain JDBC as the application role, without the
 * adapter's own filters: the policies, the roles, and the schema they rely on.
 */
class RowLevelSecurityTest {
    /** Tables holding a user's data: those with a user_id column, and users itself. */
    private static final String USER_OWNED_TABLES = """
            select c.relname from pg_class c
            where c.relnamespace = current_schema()::regnamespace and c.relkind in ('r', 'p')
              and (c.relname = 'users' or exists (select from pg_attribute a
                   where a.attrelid = c.oid and a.attname = 'user_id' and not a.attisdropped))
            order by c.relname""";
    private static final String INSUFFICIENT_PRIVILEGE = "42501";

    private static PostgresDatabase database;
    private static UserId alice;
    private static UserId bob;
    private static Conversation conversationOfAlice;
    private static Conversation conversationOfBob;
    private static Message messageOfAlice;
    private static Message messageOfBob;
    @BeforeAll
    static void writeDataOfTwoUsers() {
        database = TestDatabase.start(2);
        alice = TestDatabase.newUser(database);
        bob = TestDatabase.newUser(database);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        conversationOfAlice = Conversation.start(alice, "alice's plans", now);
        conversationOfBob = Conversation.start(bob, "bob's plans", now);
        database.conversations().create(alice, conversationOfAlice);
        database.conversations().create(bob, conversationOfBob);
        messageOfAlice = Message.fromUser(conversationOfAlice, "for alice only: the shared password", now);
        messageOfBob = Message.fromUser(conversationOfBob, "for bob only: the shared password", now);
        database.conversations().append(alice, messageOfAlice);
        database.conversations().append(bob, messageOfBob);
        byte[] hash = UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8);
        database.apiTokens().store(alice, new ApiToken(TokenId.random(), alice, "laptop", hash, now, null, null, null));
        Embedding vector = new Embedding("test-model", new float[] {1, 0});
        database.embeddingVectors().store(alice, Subject.message(messageOfAlice.id()), vector, now);
        database.embeddingVectors().store(bob, Subject.message(messageOfBob.id()), vector, now);
    }

    @AfterAll
    static void stop() {
        if (database != null) {
            database.close();
        }
    }

    @Test
    void withNoUserSetTheApplicationSeesNoRowAtAll() throws SQLException {
        try (Connection app = TestDatabase.connectAsApp()) {
            assertEquals(List.of(), column(app, "select id from messages"), "not alice's, not bob's, nobody's");
            for (String table : column(app, USER_OWNED_TABLES)) {
                assertEquals(List.of("0"), column(app, "select count(*) from " + table), table);
            }
        }
    }

    @Test
    void withAUserSetOnlyThatUsersRowsAreVisible() throws SQLException {
        try (Connection app = TestDatabase.connectAsApp()) {
            app.setAutoCommit(false);
            actAs(app, alice);
            assertEquals(List.of(messageOfAlice.id().toString()), column(app, "select id from messages"));
            assertEquals(List.of(alice.toString()), column(app, "select id from users"));
            assertEquals(List.of(conversationOfAlice.id().toString()), column(app, "select id from conversations"));
            for (String table : column(app, USER_OWNED_TABLES)) {
                String owner = table.equals("users") ? "id" : "user_id";
                List<String> owners = column(app, "select distinct " + owner + " from " + table);
                assertTrue(Set.of(alice.toString()).containsAll(owners), table + " shows rows of " + owners);
            }
            app.rollback();
        }
    }

    @Test
    void noRowCanBeWrittenForAnotherUser() throws SQLException {
        try (Connection app = TestDatabase.connectAsApp()) {
            app.setAutoCommit(false);
            assertRefusedAsAlice(app, "insert into users (id, username, created_at) values (?, ?, now())",
                    UUID.randomUUID(), "forged-" + UUID.randomUUID());
            assertRefusedAsAlice(app, "insert into conversations (id, user_id, title, created_at, updated_at)"
                    + " values (?, ?, 'forged', now(), now())", UUID.randomUUID(), bob.value());
            assertRefusedAsAlice(app, "insert into messages (id, conversation_id, user_id, role, status, content,"
                    + " created_at, updated_at) values (?, ?, ?, 'user', 'complete', '[]', now(), now())",
                    UUID.randomUUID(), conversationOfBob.id().value(), bob.value());
            assertRefusedAsAlice(app, "insert into api_tokens (id, user_id, name, secret_hash, created_at)"
                    + " values (?, ?, 'forged', ?, now())", UUID.randomUUID(), bob.value(), new byte[] {1, 2, 3});
            assertRefusedAsAlice(app, "update conversations set user_id = ? where id = ?", bob.value(),
                    conversationOfAlice.id().value());
            assertRefusedAsAlice(app, "insert into embeddings (id, user_id, subject_kind, subject_id, model, dimensions,"
                    + " vector, created_at) values (?, ?, 'message', 'forged', 'test-model', 2, '[0,1]', now())",
                    UUID.randomUUID(), bob.value());
        }
    }

    @Test
    void anotherUsersRowsCannotBeChangedOrDeleted() throws SQLException {
        try (Connection app = TestDatabase.connectAsApp()) {
            app.setAutoCommit(false);
            actAs(app, alice);
            assertEquals(0, update(app, "update messages set status = 'partial' where id = ?", messageOfBob.id().value()));
            assertEquals(0, update(app, "delete from conversations where id = ?", conversationOfBob.id().value()));
            assertEquals(0, update(app, "delete from users where id = ?", bob.value()));
            assertEquals(0, update(app, "update embeddings set vector = '[0,1]' where user_id = ?", bob.value()));
            app.commit();
        }
        assertEquals(List.of(messageOfBob), database.conversations().messages(bob, conversationOfBob.id()));
        assertEquals(0, database.embeddingVectors().nearest(bob, new Embedding("test-model", new float[] {1, 0}), 1)
                .getFirst().distance(), 1e-9);
    }

    @Test
    void neitherRoleIsSuperuserNorCanBypassRowLevelSecurityAndTheApplicationOwnsNothing() throws SQLException {
        try (Connection app = TestDatabase.connectAsApp()) {
            for (String role : List.of(TestDatabase.OWNER, TestDatabase.APP)) {
                assertEquals(List.of("false"), column(app,
                        "select (rolsuper or rolbypassrls)::text from pg_roles where rolname = ?", role), role);
            }
            assertEquals(List.of("false"), column(app, "select pg_has_role(?, ?, 'MEMBER')::text",
                    TestDatabase.APP, TestDatabase.OWNER), "the application role must not act as the owner");
            List<String> tables = column(app, USER_OWNED_TABLES);
            for (String table : tables) {
                assertEquals(List.of(TestDatabase.OWNER), column(app,
                        "select pg_get_userbyid(relowner) from pg_class where oid = ?::regclass", table), table);
                assertEquals(List.of("false"), column(app,
                        "select has_table_privilege(?, ?::regclass, 'TRUNCATE, REFERENCES, TRIGGER')::text",
                        TestDatabase.APP, table), table + ": the application role only reads and writes rows");
            }
        }
    }

    @Test
    void everyUserOwnedTableForcesRowLevelSecurityWithAPolicyOnTheActingUser() throws SQLException {
        try (Connection app = TestDatabase.connectAsApp()) {
            List<String> tables = column(app, USER_OWNED_TABLES);
            assertTrue(tables.containsAll(Set.of("users", "api_tokens", "conversations", "messages", "embeddings", "preferences", "insights")),
                    tables::toString);
            for (String table : tables) {
                assertEquals(List.of("true"), column(app,
                        "select (relrowsecurity and relforcerowsecurity)::text from pg_class where oid = ?::regclass",
                        table), table + " must ENABLE and FORCE row level security");
                assertEquals(List.of("true"), column(app, """
                        select (count(*) > 0)::text from pg_policies
                        where schemaname = current_schema() and tablename = ? and cmd = 'ALL' and 'public' = any (roles)
                          and qual like '%mosaic_user_id()%' and with_check like '%mosaic_user_id()%'""", table),
                        table + " needs a policy on the acting user for reads and writes");
            }
        }
    }

    @Test
    void theLookUpsBeforeAUserIsKnownAreSecurityDefinerFunctionsOnlyTheApplicationMayCall() throws SQLException {
        try (Connection app = TestDatabase.connectAsApp()) {
            for (String function : List.of("api_token_by_secret_hash(bytea)", "user_id_by_username(text)",
                    "user_list(timestamptz)", "search_messages(tsquery,tsquery,integer,bigint)",
                    "count_message_hits(tsquery,tsquery)", "conversations_to_archive(timestamptz,integer)",
                    "conversations_quiet_since(timestamptz,integer)",
                    "archive_agent_logs(timestamptz,integer)", "delete_archived_agent_logs(timestamptz,integer)",
                    "insights_to_reembed(text,integer,uuid,integer)",
                    "users_with_insights_unused_since(timestamptz,integer)")) {
                assertEquals(List.of("t|" + TestDatabase.OWNER + "|{\"search_path=public, pg_temp\"}|t|f"),
                        column(app, """
                                select concat_ws('|', p.prosecdef, pg_get_userbyid(p.proowner), p.proconfig,
                                    has_function_privilege(?, p.oid, 'EXECUTE'),
                                    exists (select from aclexplode(p.proacl) acl where acl.grantee = 0))
                                from pg_proc p where p.oid = ?::regprocedure""", TestDatabase.APP, function),
                        function + ": security definer, owned by the owner, fixed search_path, app may call, PUBLIC may not");
            }
        }
    }

    @Test
    void theSearchFunctionsReadAsTheOwnerButFindOnlyTheActingUsersMessages() throws SQLException {
        // Words alone, prefixes alone, and both: each takes another path through the function.
        List<String> queries = List.of("plainto_tsquery('english', 'shared password'), null",
                "null, to_tsquery('english', 'passw:*')",
                "plainto_tsquery('english', 'shared'), to_tsquery('english', 'passw:*')");
        try (Connection app = TestDatabase.connectAsApp()) {
            for (String query : queries) {
                assertEquals(List.of(), column(app, "select message_id from search_messages(" + query + ", 10, 0)"),
                        "no acting user, no rows: " + query);
                assertEquals(List.of("0"), column(app, "select count_message_hits(" + query + ")"), query);
            }
            app.setAutoCommit(false);
            for (UserId user : List.of(alice, bob)) {
                actAs(app, user);
                String own = (user.equals(alice) ? messageOfAlice : messageOfBob).id().toString();
                for (String query : queries) {
                    assertEquals(List.of(own), column(app, "select message_id from search_messages(" + query + ", 10, 0)"),
                            "the other user's message matches too, but is not found: " + query);
                    assertEquals(List.of("1"), column(app, "select count_message_hits(" + query + ")"), query);
                }
                app.rollback();
            }
        }
    }

    @Test
    void theActingUserIsForgottenWhenItsTransactionEnds() throws SQLException {
        try (Connection app = TestDatabase.connectAsApp()) {
            app.setAutoCommit(false);
            actAs(app, alice);
            assertFalse(column(app, "select id from conversations").isEmpty());
            app.commit();
            assertEquals(List.of(), column(app, "select id from conversations"));
            assertFalse(setting(app).isPresent(), "set_config(.., true) is local to the transaction");
            app.rollback();
        }
    }

    private void assertRefusedAsAlice(Connection app, String sql, Object... parameters) throws SQLException {
        actAs(app, alice);
        SQLException refused = assertThrows(SQLException.class, () -> update(app, sql, parameters), sql);
        assertEquals(INSUFFICIENT_PRIVILEGE, refused.getSQLState(), refused.getMessage());
        assertTrue(refused.getMessage().contains("row-level security"), refused.getMessage());
        app.rollback();
    }

    private static void actAs(Connection app, UserId user) throws SQLException {
        column(app, "select set_config('mosaic.user_id', ?, true)", user.toString());
    }

    private static Optional<String> setting(Connection app) throws SQLException {
        return Optional.ofNullable(column(app, "select current_setting('mosaic.user_id', true)").getFirst())
                .filter(value -> !value.isEmpty());
    }
}
