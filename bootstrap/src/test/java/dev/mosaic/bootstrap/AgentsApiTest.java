package dev.mosaic.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mosaic.adapters.out.postgres.PostgresDatabase;
import dev.mosaic.application.port.in.ManageAccountsUseCase;
import dev.mosaic.domain.agent.AgentId;
import dev.mosaic.domain.conversation.ConversationId;
import dev.mosaic.domain.conversation.Usage;
import dev.mosaic.domain.routing.RouteTarget;
import dev.mosaic.domain.user.UserRole;
import dev.mosaic.tui.ChatSession;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The agents REST API end to end: a user's own agents, version by version, seen by nobody else; the
 * gateway's agents, which everyone reads and only admins change; refusals naming the field; and the
 * metrics of a conversation.
 */
class AgentsApiTest {
    private static GatewayHarness harness;

    @BeforeAll
    static void start() {
        harness = GatewayHarness.start();
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    private static String uniqueName() {
        return "e2e-" + UUID.randomUUID();
    }

    private static String agent(String name) {
        return """
                {"name": "%s", "description": "Reviews pull requests", "systemPrompt": "You review code carefully.",
                 "defaultModel": "anthropic/claude-opus-4-6", "tools": ["read_file", "grep"],
                 "skills": [{"name": "security", "instructions": "Look for injection first."}],
                 "capabilities": {"domains": ["backend"], "preferredModels": ["openai/gpt-5.4"]},
                 "stepLimit": 8, "toolTimeoutSeconds": 60}""".formatted(name);
    }

    private static String admin() {
        return harness.gateway().accounts().createUser("admin-" + UUID.randomUUID().toString().substring(0, 8), null,
                UserRole.ADMIN).token().secret();
    }

    private static List<String> values(JsonNode array, String field) {
        List<String> values = new ArrayList<>();
        array.forEach(node -> values.add(node.path(field).asText()));
        return values;
    }

    private static void assertRefused(GatewayHarness.HttpResult answer, int status, String code, String field) {
        assertEquals(status, answer.status(), String.valueOf(answer.body()));
        assertEquals(code, answer.body().path("code").asText(), answer.body().toString());
        if (field != null) {
            assertEquals(field, answer.body().path("field").asText(), answer.body().toString());
        }
    }

    @Test
    void aUserMakesChangesAndDeletesAnAgentOfTheirOwnThatNobodyElseSees() throws Exception {
        String alice = harness.newUser();
        String bob = harness.newUser();
        String name = uniqueName();
        GatewayHarness.HttpResult made = harness.send("POST", "/api/agents", alice, agent(name));
        assertEquals(201, made.status(), String.valueOf(made.body()));
        JsonNode view = made.body();
        String id = view.path("id").asText();
        assertEquals("user", view.path("owner").asText());
        assertEquals(1, view.path("version").asInt());
        assertTrue(view.path("editable").asBoolean());
        assertEquals("anthropic/claude-opus-4-6", view.path("defaultModel").asText());
        assertEquals("security", view.path("skills").get(0).path("name").asText());
        assertEquals("backend", view.path("capabilities").path("domains").get(0).asText());
        assertEquals(60, view.path("toolTimeoutSeconds").asInt());
        assertEquals(view, harness.get("/api/agents/" + id, alice).body());

        List<String> listed = values(harness.get("/api/agents", alice).body().path("agents"), "id");
        assertTrue(listed.contains(id));
        assertFalse(values(harness.get("/api/agents", bob).body().path("agents"), "id").contains(id));
        for (GatewayHarness.HttpResult foreign : List.of(harness.get("/api/agents/" + id, bob),
                harness.send("PUT", "/api/agents/" + id, bob, agent(name)),
                harness.send("DELETE", "/api/agents/" + id, bob, null),
                harness.get("/api/agents/" + id + "/versions", bob),
                harness.get("/api/agents/" + UUID.randomUUID(), alice))) {
            assertRefused(foreign, 404, "not_found", null);
        }

        String renamed = uniqueName();
        GatewayHarness.HttpResult changed = harness.send("PUT", "/api/agents/" + id, alice,
                agent(renamed).replace("\"stepLimit\": 8", "\"version\": 1, \"stepLimit\": 8")
                        .replace("\"anthropic/claude-opus-4-6\"", "null"));
        assertEquals(200, changed.status(), String.valueOf(changed.body()));
        assertEquals(2, changed.body().path("version").asInt());
        assertTrue(changed.body().path("defaultModel").isNull(), "routing decides now");
        assertRefused(harness.send("PUT", "/api/agents/" + id, alice, agent(name).replace("\"stepLimit\": 8",
                "\"version\": 1, \"stepLimit\": 8")), 409, "edit_conflict", null);

        JsonNode versions = harness.get("/api/agents/" + id + "/versions", alice).body();
        assertEquals(id, versions.path("agentId").asText());
        assertEquals(List.of("1", "2"), values(versions.path("versions"), "version"));
        assertEquals(List.of(name, renamed), values(versions.path("versions"), "name"));

        assertEquals(204, harness.send("DELETE", "/api/agents/" + id, alice, null).status());
        assertRefused(harness.get("/api/agents/" + id, alice), 404, "not_found", null);
        assertFalse(values(harness.get("/api/agents", alice).body().path("agents"), "id").contains(id));
    }

    @Test
    void everyoneReadsTheGatewaysAgentsAndOnlyAnAdminChangesThem() throws Exception {
        String user = harness.newUser();
        String admin = admin();
        JsonNode agents = harness.get("/api/agents", user).body().path("agents");
        List<String> names = values(agents, "name");
        assertTrue(names.containsAll(List.of("default", "coding-agent", "research-bot", "summarizer")), names::toString);
        JsonNode summarizer = agents.get(names.indexOf("summarizer"));
        assertEquals("system", summarizer.path("owner").asText());
        assertFalse(summarizer.path("editable").asBoolean());
        String summarizerId = summarizer.path("id").asText();
        assertRefused(harness.send("PUT", "/api/agents/" + summarizerId, user, agent("summarizer")), 403, "forbidden", null);
        assertRefused(harness.send("DELETE", "/api/agents/" + summarizerId, user, null), 403, "forbidden", null);
        String shared = agent(uniqueName()).replace("\"stepLimit\"", "\"owner\": \"system\", \"stepLimit\"");
        assertRefused(harness.send("POST", "/api/agents", user, shared), 403, "forbidden", null);

        GatewayHarness.HttpResult made = harness.send("POST", "/api/agents", admin, shared);
        assertEquals(201, made.status(), String.valueOf(made.body()));
        String id = made.body().path("id").asText();
        assertEquals("system", made.body().path("owner").asText());
        JsonNode seen = harness.get("/api/agents/" + id, user).body();
        assertEquals("system", seen.path("owner").asText());
        assertFalse(seen.path("editable").asBoolean());
        assertEquals(204, harness.send("DELETE", "/api/agents/" + id, admin, null).status());
        assertRefused(harness.get("/api/agents/" + id, user), 404, "not_found", null);

        String defaultId = agents.get(names.indexOf("default")).path("id").asText();
        assertRefused(harness.send("PUT", "/api/agents/" + defaultId, admin, agent("general")), 400, "invalid_input", "name");
        assertRefused(harness.send("DELETE", "/api/agents/" + defaultId, admin, null), 403, "forbidden", null);
    }

    @Test
    void aBadAgentIsRefusedNamingTheFieldAndNothingIsSaved() throws Exception {
        String alice = harness.newUser();
        String name = uniqueName();
        assertRefused(harness.send("POST", "/api/agents", alice, agent(name).replace("claude-opus-4-6", "claude-opus-9")),
                400, "invalid_input", "defaultModel");
        assertRefused(harness.send("POST", "/api/agents", alice, agent(name).replace("\"grep\"", "\"rm_rf\"")),
                400, "invalid_input", "tools");
        assertRefused(harness.send("POST", "/api/agents", alice, agent(name).replace("You review code carefully.", " ")),
                400, "invalid_input", "systemPrompt");
        assertRefused(harness.send("POST", "/api/agents", alice, agent(name).replace("\"backend\"", "\"cooking\"")),
                400, "invalid_input", "capabilities.domains");
        assertRefused(harness.send("POST", "/api/agents", alice, agent(name).replace("\"stepLimit\"", "\"colour\": 1, \"stepLimit\"")),
                400, "invalid_input", "colour");
        assertRefused(harness.send("POST", "/api/agents", alice, "[]"), 400, "invalid_input", null);
        assertEquals(List.of(), values(harness.get("/api/agents", alice).body().path("agents"), "owner").stream()
                .filter("user"::equals).toList(), "nothing was saved");

        assertEquals(201, harness.send("POST", "/api/agents", alice, agent(name)).status());
        assertRefused(harness.send("POST", "/api/agents", alice, agent(name)), 400, "invalid_input", "name");
        assertRefused(harness.get("/api/agents/not-an-id", alice), 400, "invalid_input", null);
        String id = values(harness.get("/api/agents", alice).body().path("agents"), "id").getLast();
        assertRefused(harness.send("PUT", "/api/agents/" + id, alice, agent(name).replace("\"stepLimit\"",
                "\"version\": \"latest\", \"stepLimit\"")), 400, "invalid_input", "version");
    }

    @Test
    void aConversationsMetricsAreItsOwnersOnly() throws Exception {
        ManageAccountsUseCase.NewUser alice = harness.newUserWithToken();
        String token = alice.token().secret();
        String conversation;
        try (ChatSession chat = ChatSession.connect(harness.webSocket(), token, Duration.ofSeconds(15))) {
            conversation = chat.send("Hello there").get(15, TimeUnit.SECONDS).conversationId();
        }
        GatewayHarness.HttpResult before = harness.get("/api/conversations/" + conversation + "/metrics", token);
        assertEquals(200, before.status(), String.valueOf(before.body()));
        assertEquals(conversation, before.body().path("conversationId").asText());

        // The turns a chat loop records, recorded here directly through the gateway's own store.
        try (PostgresDatabase database = Storage.openPostgres(harness.settings().database())) {
            ConversationId id = ConversationId.parse(conversation);
            database.conversationMetrics().recordTurn(alice.user().id(), id, new RouteTarget("openai", "gpt-5.4"),
                    AgentId.random(), new Usage(1000, 200, 50), new BigDecimal("0.0125"), Duration.ofMillis(1500), 3);
            database.conversationMetrics().recordTurn(alice.user().id(), id, new RouteTarget("openai", "gpt-5.4"), null,
                    new Usage(10, 2, 0), null, Duration.ofMillis(500), 0);
        }
        JsonNode after = harness.get("/api/conversations/" + conversation + "/metrics", token).body();
        JsonNode was = before.body();
        assertEquals(was.path("turns").asLong() + 2, after.path("turns").asLong(), after.toString());
        assertEquals(was.path("tokens").path("input").asLong() + 1010, after.path("tokens").path("input").asLong());
        assertEquals(was.path("tokens").path("output").asLong() + 202, after.path("tokens").path("output").asLong());
        assertEquals(was.path("tokens").path("cached").asLong() + 50, after.path("tokens").path("cached").asLong());
        assertEquals(0, was.path("costUsd").decimalValue().add(new BigDecimal("0.0125"))
                .compareTo(after.path("costUsd").decimalValue()), after.toString());
        assertFalse(after.path("costComplete").asBoolean(), "one turn's cost was unknown");
        // An agent after the chat's own turns (if recorded), then none: each a switch; the very first turn is not.
        assertEquals(was.path("agentSwitches").asInt() + (was.path("turns").asLong() == 0 ? 1 : 2),
                after.path("agentSwitches").asInt(), after.toString());
        assertEquals(was.path("toolCalls").asLong() + 3, after.path("toolCalls").asLong());
        assertEquals(was.path("activeDurationMs").asLong() + 2000, after.path("activeDurationMs").asLong());

        String bob = harness.newUser();
        assertRefused(harness.get("/api/conversations/" + conversation + "/metrics", bob), 404, "not_found", null);
        assertRefused(harness.get("/api/conversations/" + UUID.randomUUID() + "/metrics", token), 404, "not_found", null);
        assertRefused(harness.get("/api/conversations/nope/metrics", token), 400, "invalid_input", null);
    }
}
