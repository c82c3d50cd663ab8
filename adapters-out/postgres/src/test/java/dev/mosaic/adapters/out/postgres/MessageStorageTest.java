package dev.mosaic.adapters.out.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mosaic.domain.conversation.Conversation;
import dev.mosaic.domain.conversation.Message;
import dev.mosaic.domain.user.UserId;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** How messages land in the tables, which the port contract cannot see. */
class MessageStorageTest {
    private static final PostgresDatabase database = TestDatabase.shared();
    private UserId alice;
    private Conversation conversation;
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    @BeforeEach
    void aConversation() {
        alice = TestDatabase.newUser(database);
        conversation = Conversation.start(alice, "hello", now);
        database.conversations().create(alice, conversation);
    }

    @Test
    void appendingAMessageMarksTheConversationActiveAndAFailedAppendDoesNot() {
        OffsetDateTime created = lastActivity();
        Message message = Message.fromUser(conversation, "hello", now);
        database.conversations().append(alice, message);
        OffsetDateTime appended = lastActivity();
        assertTrue(appended.isAfter(created), created + " then " + appended);

        assertThrows(RuntimeException.class, () -> database.conversations().append(alice, message), "the id is taken");
        assertEquals(appended, lastActivity());
    }

    @Test
    void contentIsAJsonArrayAndOnlyAnAssistantMessageHasGenerationColumns() throws Exception {
        Message question = Message.fromUser(conversation, "Weather?", now);
        Message reply = Message.assistantStarted(conversation, "simulator", "sim-echo", now);
        database.conversations().append(alice, question);
        database.conversations().append(alice, reply);

        List<String> rows = asAlice("""
                select concat_ws('|', role, content::text, provider, model, input_tokens) from messages
                where conversation_id = '%s' order by position""".formatted(conversation.id()));
        ObjectMapper json = new ObjectMapper();
        String[] user = rows.get(0).split("\\|");
        assertEquals("user", user[0]);
        assertEquals(json.readTree("[{\"type\":\"text\",\"text\":\"Weather?\"}]"), json.readTree(user[1]));
        assertEquals(2, user.length, "no generation columns for a user message");
        assertEquals("assistant|[]|simulator|sim-echo|0", rows.get(1));
    }

    private OffsetDateTime lastActivity() {
        return OffsetDateTime.parse(asAlice("select to_char(updated_at at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.USZ')"
                + " from conversations where id = '" + conversation.id() + "'").getFirst());
    }

    private List<String> asAlice(String sql) {
        return UserScope.inTransaction(database.sessions(), alice, session -> {
            try {
                return TestDatabase.column(session.getConnection(), sql);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
