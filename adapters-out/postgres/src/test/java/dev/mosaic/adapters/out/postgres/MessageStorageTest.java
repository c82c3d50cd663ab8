package dev.mosaic.adapters.out.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mosaic.application.port.out.ConversationMetrics;
import dev.mosaic.domain.conversation.ContentBlock;
import dev.mosaic.domain.conversation.Conversation;
import dev.mosaic.domain.conversation.Generation;
import dev.mosaic.domain.conversation.Message;
import dev.mosaic.domain.conversation.Reply;
import dev.mosaic.domain.conversation.StopReason;
import dev.mosaic.domain.conversation.Usage;
import dev.mosaic.domain.routing.RouteTarget;
import dev.mosaic.domain.user.UserId;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.Duration;
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

    @Test
    void aFinalUpdateAndTheTurnsItCountsAreWrittenByOneTransaction() {
        Message reply = Message.assistantStarted(conversation, "simulator", "sim-echo", now);
        database.conversations().append(alice, reply);
        Message finished = Reply.of(reply).finish(List.of(new ContentBlock.Text("Sunny.")), new Generation("simulator",
                "sim-echo", new Usage(12, 3, 0), StopReason.END_TURN, Duration.ofMillis(5), Duration.ofMillis(20), null,
                BigDecimal.ZERO)).message();

        assertTrue(database.conversations().updateCounting(alice, finished, List.of(new ConversationMetrics.Turn(
                new RouteTarget("simulator", "sim-echo"), null, new Usage(12, 3, 0), BigDecimal.ZERO,
                Duration.ofMillis(20), 0))));

        // Rows written by one transaction carry its id.
        String message = asAlice("select xmin::text || '|' || status from messages where id = '" + reply.id().value()
                + "'").getFirst();
        String metrics = asAlice("select xmin::text || '|' || turns from conversation_metrics where conversation_id = '"
                + conversation.id() + "'").getFirst();
        assertEquals(message.split("\\|")[0], metrics.split("\\|")[0], message + " and " + metrics);
        assertEquals("complete", message.split("\\|")[1]);
        assertEquals("1", metrics.split("\\|")[1]);
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
