package dev.mosaic.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mosaic.domain.user.UserRole;
import dev.mosaic.simulator.ProviderSimulator;
import dev.mosaic.simulator.RecordedRequest;
import dev.mosaic.simulator.Reply;
import dev.mosaic.simulator.SimulatorOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Routing through the running gateway: the seeded rules send each kind of message to its model (the
 * simulator stands in for every model and is sent the routed model's name), {@code /model} pins a
 * model across a restart, a user's own rule beats the system's, only admins edit system rules, and
 * an edit made through one instance routes through another.
 */
class RoutingEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static GatewayHarness harness;

    @BeforeAll
    static void start() {
        harness = GatewayHarness.start();
    }

    @AfterAll
    static void stop() {
        if (harness != null) {
            harness.close();
        }
    }

    /** One message on a new connection: its session:info and message:end. */
    static JsonNode[] chat(java.net.URI webSocket, String token, String conversation, String text) throws Exception {
        try (RawSocket socket = new RawSocket(webSocket, token)) {
            socket.next("ready");
            socket.send(JSON.writeValueAsString(conversation == null ? Map.of("type", "message:send", "text", text)
                    : Map.of("type", "message:send", "text", text, "conversationId", conversation)));
            return new JsonNode[] {socket.next("session:info"), socket.next("message:end")};
        }
    }

    private static JsonNode command(String token, String conversation, String line) throws Exception {
        try (RawSocket socket = new RawSocket(harness.webSocket(), token)) {
            socket.next("ready");
            socket.send(JSON.writeValueAsString(Map.of("type", "command:execute", "command", line, "conversationId",
                    conversation)));
            JsonNode answer = socket.next();
            while (!answer.path("type").asText().equals("command:result") && !answer.path("type").asText().equals("error")) {
                answer = socket.next();
            }
            return answer;
        }
    }

    private static String model(RecordedRequest request) {
        return request.body().path("model").asText();
    }

    @Test
    void eachKindOfMessageGoesToTheModelTheAcceptanceCriteriaName() throws Exception {
        String token = harness.newUser();
        Map<String, String> expected = new java.util.LinkedHashMap<>();
        expected.put("what time is it", "claude-haiku-4-5");
        expected.put("What is the capital of Australia?", "claude-haiku-4-5");
        expected.put("Design and implement a distributed rate limiter in Go backed by Redis, with tests, metrics and a "
                + "migration plan for our existing API gateway", "claude-opus-4-6");
        expected.put("Summarize this article: The city council met on Tuesday to discuss the new budget. After hours "
                + "of debate, members agreed to increase funding for parks and reduce spending on road repairs.", "glm-5");
        expected.put("Research the current state of solid-state batteries and compare the main approaches, with sources",
                "gpt-5.4");
        List<String> routed = new ArrayList<>();
        for (Map.Entry<String, String> message : expected.entrySet()) {
            int before = harness.chatRequests().size();
            JsonNode[] frames = chat(harness.webSocket(), token, null, message.getKey());
            assertEquals("complete", frames[1].path("status").asText(), frames[1].toString());
            JsonNode routing = frames[0].path("routing");
            assertEquals(message.getValue(), routing.path("routed").path("model").asText(), frames[0].toString());
            assertEquals("simulator", routing.path("standIn").asText());
            assertTrue(frames[0].path("simulated").asBoolean());
            List<RecordedRequest> requests = harness.chatRequests();
            routed.add(model(requests.get(requests.size() - 1)));
            assertEquals(before + 1, requests.size());
        }
        assertEquals(List.copyOf(expected.values()), routed, "the simulator was asked for each routed model");
    }

    @Test
    void aPinnedModelAnswersUntilRoutingIsGivenBackAndSurvivesARestart() throws Exception {
        String token = harness.newUser();
        String conversation = chat(harness.webSocket(), token, null, "what time is it")[1].path("conversationId").asText();

        JsonNode unknown = command(token, conversation, "/model gpt-5.5");
        assertEquals("error", unknown.path("type").asText(), unknown.toString());
        assertTrue(unknown.path("message").asText().contains("did you mean openai/gpt-5.4"), unknown.toString());

        JsonNode pinned = command(token, conversation, "/model openai/gpt-5.4");
        assertEquals("openai/gpt-5.4", pinned.path("data").path("pinned").asText(), pinned.toString());
        assertEquals("gpt-5.4", chat(harness.webSocket(), token, conversation, "what time is it")[0].path("model").asText());

        harness.restart();
        JsonNode[] resumed = chat(harness.webSocket(), token, conversation, "and now?");
        assertEquals("gpt-5.4", resumed[0].path("model").asText(), "the pin is stored with the conversation");
        assertTrue(resumed[0].path("routing").path("pinned").asBoolean());
        assertEquals("gpt-5.4", model(harness.chatRequests().getLast()));

        command(token, conversation, "/model auto");
        assertEquals("claude-haiku-4-5", chat(harness.webSocket(), token, conversation, "what time is it")[0]
                .path("model").asText());

        GatewayHarness.HttpResult history = harness.get("/api/conversations/" + conversation + "/routing", token);
        assertEquals(200, history.status());
        List<String> models = new ArrayList<>();
        history.body().path("replies").forEach(r -> models.add(r.path("routing").path("selected").path("model").asText()));
        assertEquals(List.of("claude-haiku-4-5", "gpt-5.4", "gpt-5.4", "claude-haiku-4-5"), models);
        assertEquals(404, harness.get("/api/conversations/" + conversation + "/routing", harness.newUser()).status(),
                "another user's conversation is not found");

        JsonNode why = command(token, conversation, "/why");
        assertTrue(why.path("text").asText().contains("Chosen by: system rule \"simple questions\""), why.toString());
    }

    @Test
    void aUsersOwnRuleBeatsTheSystemRulesForThatUserOnly() throws Exception {
        String alice = harness.newUser();
        String bob = harness.newUser();
        GatewayHarness.HttpResult made = harness.send("POST", "/api/routing/rules/mine", alice, """
                {"name": "my questions", "priority": 1, "conditions": [{"taskType": "conversation"}],
                 "action": {"routeTo": {"provider": "zai", "model": "glm-5"}}}""");
        assertEquals(201, made.status(), String.valueOf(made.body()));
        assertEquals("user", made.body().path("owner").asText());

        assertEquals("glm-5", chat(harness.webSocket(), alice, null, "what time is it")[0].path("model").asText());
        assertEquals("claude-haiku-4-5", chat(harness.webSocket(), bob, null, "what time is it")[0].path("model").asText());
        assertEquals(0, harness.get("/api/routing/rules/mine", bob).body().path("rules").size(), "alice's rules are hers");
        assertEquals(404, harness.send("DELETE", "/api/routing/rules/mine/" + made.body().path("id").asText(), bob, null)
                .status());

        GatewayHarness.HttpResult explained = harness.send("POST", "/api/routing/explain", alice,
                "{\"text\": \"what time is it\"}");
        assertEquals(200, explained.status());
        assertEquals("my questions", explained.body().path("rule").path("name").asText());
        assertEquals("conversation", explained.body().path("classification").path("taskType").asText());
        assertEquals("glm-5", explained.body().path("routed").path("model").asText());
    }

    @Test
    void onlyAnAdminEditsSystemRulesAndBadRulesAreRefusedNamingTheField() throws Exception {
        String user = harness.newUser();
        String admin = harness.gateway().accounts().createUser("admin-" + UUID.randomUUID().toString().substring(0, 8), null,
                UserRole.ADMIN).token().secret();
        String rule = """
                {"name": "%s", "priority": 7, "conditions": [{"taskType": "creative"}, {"domain": "devops"}],
                 "action": {"routeTo": {"provider": "openai", "model": "gpt-5.4"}}}""".formatted("e2e " + UUID.randomUUID());
        GatewayHarness.HttpResult refused = harness.send("POST", "/api/routing/rules", user, rule);
        assertEquals(403, refused.status(), String.valueOf(refused.body()));
        assertEquals("forbidden", refused.body().path("code").asText());

        GatewayHarness.HttpResult bad = harness.send("POST", "/api/routing/rules", admin,
                rule.replace("\"creative\"", "\"cooking\""));
        assertEquals(400, bad.status());
        assertEquals("conditions[0].taskType", bad.body().path("field").asText(), bad.body().toString());
        GatewayHarness.HttpResult unknownModel = harness.send("POST", "/api/routing/rules", admin,
                rule.replace("gpt-5.4", "gpt-9"));
        assertEquals("action.routeTo", unknownModel.body().path("field").asText(), unknownModel.body().toString());
        GatewayHarness.HttpResult emptyExplain = harness.send("POST", "/api/routing/explain", user, "{\"text\": \"  \"}");
        assertEquals(400, emptyExplain.status());

        GatewayHarness.HttpResult made = harness.send("POST", "/api/routing/rules", admin, rule);
        assertEquals(201, made.status(), String.valueOf(made.body()));
        String id = made.body().path("id").asText();
        try {
            assertTrue(harness.get("/api/routing/rules", user).body().toString().contains(id), "everyone reads system rules");
            assertEquals(403, harness.send("DELETE", "/api/routing/rules/" + id, user, null).status());
            GatewayHarness.HttpResult duplicate = harness.send("POST", "/api/routing/rules", admin,
                    rule.replace("\"priority\": 7", "\"priority\": 8"));
            assertEquals("name", duplicate.body().path("field").asText(), "names are unique: " + duplicate.body());
        } finally {
            assertEquals(204, harness.send("DELETE", "/api/routing/rules/" + id, admin, null).status());
        }
    }

    @Test
    void anEditMadeThroughOneInstanceRoutesThroughAnother() throws Exception {
        String alice = harness.newUser();
        try (Gateway other = harness.startAnother()) {
            assertEquals("claude-haiku-4-5", chat(other.webSocketUri(), alice, null, "what time is it")[0]
                    .path("model").asText(), "the other instance caches alice's rules now");
            assertEquals(201, harness.send("POST", "/api/routing/rules/mine", alice, """
                    {"name": "mine", "priority": 1, "conditions": [{"fallback": true}],
                     "action": {"routeTo": {"provider": "openai", "model": "gpt-5.4"}}}""").status());
            String model = "";
            for (int attempt = 0; attempt < 100 && !model.equals("gpt-5.4"); attempt++) {
                model = chat(other.webSocketUri(), alice, null, "what time is it")[0].path("model").asText();
                Thread.sleep(50);
            }
            assertEquals("gpt-5.4", model, "the change reached the other instance");
        }
    }
}
