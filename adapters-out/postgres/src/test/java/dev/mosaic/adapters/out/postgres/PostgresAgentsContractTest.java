package dev.mosaic.adapters.out.postgres;

import static dev.mosaic.adapters.out.postgres.TestDatabase.column;
import static dev.mosaic.adapters.out.postgres.TestDatabase.update;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.application.contract.AgentsContract;
import dev.mosaic.application.port.out.Agents;
import dev.mosaic.domain.agent.AgentConfig;
import dev.mosaic.domain.agent.AgentId;
import dev.mosaic.domain.agent.AgentRef;
import dev.mosaic.domain.conversation.Conversation;
import dev.mosaic.domain.conversation.Message;
import dev.mosaic.domain.conversation.MessageStatus;
import dev.mosaic.domain.routing.TaskDomain;
import dev.mosaic.domain.user.Owner;
import dev.mosaic.domain.user.User;
import dev.mosaic.domain.user.UserId;
import dev.mosaic.domain.user.UserRole;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class PostgresAgentsContractTest extends AgentsContract {
    private static final PostgresDatabase database = TestDatabase.shared();
    private static final String INSUFFICIENT_PRIVILEGE = "42501";

    @Override
    protected Agents agents() {
        return database.agents();
    }

    @Override
    protected UserId newUser(boolean admin) {
        User user = new User(UserId.random(), "agents-" + UUID.randomUUID(), Instant.now());
        database.users().create(user, admin ? UserRole.ADMIN : UserRole.USER);
        return user.id();
    }

    private AgentConfig ownAgent(UserId owner) {
        AgentConfig agent = AgentConfig.create(AgentId.random(), Owner.of(owner), draft(uniqueName()), ANYTHING,
                Instant.now().truncatedTo(ChronoUnit.MILLIS));
        database.agents().save(owner, agent);
        return agent;
    }

    @Test
    void theSeededAgentsAreEveryonesAndLeaveTheModelToRouting() {
        Map<String, AgentConfig> seeded = database.agents().list(newUser(false)).stream()
                .filter(a -> a.owner().isSystem()).collect(Collectors.toMap(AgentConfig::name, a -> a, (a, b) -> a));
        assertTrue(seeded.keySet().containsAll(List.of("default", "coding-agent", "research-bot", "summarizer")),
                seeded::toString);
        assertEquals(List.of("conversation_search", "current_time", "read_file", "list_files", "grep"),
                seeded.get("coding-agent").tools());
        assertTrue(seeded.get("coding-agent").preferredModelsFor(TaskDomain.BACKEND).isEmpty());
        assertEquals(java.util.Set.of(TaskDomain.FRONTEND, TaskDomain.BACKEND, TaskDomain.DEVOPS),
                seeded.get("coding-agent").definition().capabilities().domains());
        assertEquals(List.of("conversation_search", "current_time"), seeded.get("research-bot").tools());
        assertEquals(List.of(), seeded.get("summarizer").tools());
        assertTrue(seeded.values().stream().allMatch(a -> a.defaultModel().isEmpty()), "routing decides");
        assertTrue(seeded.get("default").instructions().startsWith("You are Mosaic"));
    }

    @Test
    void theDatabaseItselfLetsOnlyAnAdminWriteTheGatewaysAgents() {
        UserId alice = newUser(false);
        AgentConfig sneaky = AgentConfig.create(AgentId.random(), Owner.SYSTEM, draft(uniqueName()), ANYTHING, Instant.now());
        assertThrows(IllegalStateException.class, () -> database.agents().save(alice, sneaky));
        assertTrue(database.agents().find(alice, sneaky.id()).isEmpty());

        AgentConfig summarizer = database.agents().findByName(alice, "summarizer").orElseThrow();
        assertTrue(summarizer.owner().isSystem());
        assertThrows(IllegalStateException.class, () -> database.agents().save(alice,
                summarizer.revise(draft("summarizer"), ANYTHING, Instant.now())));
        assertFalse(database.agents().delete(alice, summarizer.id()));
        assertEquals(summarizer, database.agents().find(alice, summarizer.id()).orElseThrow());
    }

    @Test
    void anotherUsersAgentIsInvisibleAndUnwritableEvenToDirectSql() throws SQLException {
        UserId alice = newUser(false);
        UserId bob = newUser(false);
        AgentConfig mine = ownAgent(alice);
        UUID id = mine.id().value();
        try (Connection app = TestDatabase.connectAsApp()) {
            app.setAutoCommit(false);
            actAs(app, bob);
            assertEquals(List.of(), column(app, "select name from agents where id = ?", id));
            assertEquals(List.of(), column(app, "select name from agent_versions where agent_id = ?", id));
            assertEquals(0, update(app, "update agents set name = 'taken-over' where id = ?", id));
            app.rollback();
            assertRefused(app, bob, "insert into agent_versions (agent_id, version, name, definition, created_at) "
                    + "values (?, 2, 'x', '{}', now())", id);
            assertRefused(app, bob, "insert into agents (id, owner_id, version, name) values (?, ?, 1, 'planted')",
                    UUID.randomUUID(), alice.value());
            assertRefused(app, bob, "insert into agents (id, owner_id, version, name) values (?, null, 1, ?)",
                    UUID.randomUUID(), uniqueName());
            actAs(app, alice);
            assertEquals(List.of(mine.name()), column(app, "select name from agents where id = ?", id));
            app.rollback();
            assertEquals(List.of(), column(app, "select name from agents where id = ?", id), "no acting user, no rows");
        }
    }

    @Test
    void aReplyNamesTheAgentVersionThatWroteItEvenAfterTheAgentIsGone() {
        UserId alice = newUser(false);
        AgentConfig first = ownAgent(alice);
        AgentConfig second = first.revise(draft(uniqueName()), ANYTHING, Instant.now());
        database.agents().save(alice, second);
        Conversation conversation = Conversation.start(alice, "Review this", Instant.now()).withAgent(first.id());
        database.conversations().create(alice, conversation);
        Message reply = Message.assistantStarted(conversation, "anthropic", "claude-opus-4-6", Instant.now());
        database.conversations().append(alice, reply.withProgress(List.of(), reply.generation().withAgent(first.ref()),
                MessageStatus.STREAMING));
        Message other = Message.assistantStarted(conversation, "openai", "gpt-5.4", Instant.now());
        database.conversations().append(alice, other);
        database.conversations().update(alice, other.withProgress(List.of(), other.generation().withAgent(second.ref()),
                MessageStatus.COMPLETE));

        assertTrue(database.agents().delete(alice, first.id()));
        List<Message> messages = database.conversations().messages(alice, conversation.id());
        assertEquals(new AgentRef(first.id(), first.name(), 1), messages.get(0).generation().agent());
        assertEquals(new AgentRef(first.id(), second.name(), 2), messages.get(1).generation().agent());
        assertEquals(first.id(), database.conversations().find(alice, conversation.id()).orElseThrow().agent(),
                "the conversation still names its deleted agent");
    }

    private static void assertRefused(Connection app, UserId actor, String sql, Object... parameters) throws SQLException {
        actAs(app, actor);
        SQLException refused = assertThrows(SQLException.class, () -> update(app, sql, parameters), sql);
        assertEquals(INSUFFICIENT_PRIVILEGE, refused.getSQLState(), refused.getMessage());
        app.rollback();
    }

    private static void actAs(Connection app, UserId user) throws SQLException {
        column(app, "select set_config('mosaic.user_id', ?, true)", user.toString());
    }
}
