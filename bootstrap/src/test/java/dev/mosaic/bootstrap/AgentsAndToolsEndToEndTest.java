package dev.mosaic.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mosaic.simulator.ProviderSimulator;
import dev.mosaic.simulator.RecordedRequest;
import dev.mosaic.simulator.SimulatorOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Agents and tools through the running gateway, with a real WebSocket client: {@code /model} and
 * {@code /agent} change what the next request carries, the tool loop runs over every provider
 * protocol, client tools run on the client that offers them, and a deleted agent gives way to the
 * default one.
 */
class AgentsAndToolsEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String READ_FILE = """
            {"type":"tools:offer","tools":[{"name":"read_file","description":"Reads a file of the working directory.",\
            "parameters":{"type":"object","properties":{"path":{"type":"string"}},"required":["path"]}}]}""";
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

    private static String send(String text, String conversation) throws Exception {
        Map<String, String> frame = new HashMap<>(Map.of("type", "message:send", "text", text));
        if (conversation != null) {
            frame.put("conversationId", conversation);
        }
        return JSON.writeValueAsString(frame);
    }

    private static JsonNode command(RawSocket socket, String conversation, String line) throws Exception {
        socket.send(JSON.writeValueAsString(Map.of("type", "command:execute", "command", line, "conversationId",
                conversation)));
        while (true) {
            JsonNode answer = socket.next();
            String type = answer.path("type").asText();
            if (type.equals("command:result") || type.equals("error")) {
                return answer;
            }
        }
    }

    /** Every frame up to the exchange's last message:end (the first without {@code continues}). */
    private static List<JsonNode> exchange(RawSocket socket) throws Exception {
        List<JsonNode> frames = new ArrayList<>();
        while (true) {
            JsonNode frame = socket.next();
            frames.add(frame);
            if (frame.path("type").asText().equals("error")) {
                throw new AssertionError("the gateway answered " + frame);
            }
            if (frame.path("type").asText().equals("message:end") && !frame.path("continues").asBoolean()) {
                return frames;
            }
        }
    }

    private static List<JsonNode> ofType(List<JsonNode> frames, String type) {
        return frames.stream().filter(f -> f.path("type").asText().equals(type)).toList();
    }

    private static JsonNode agentNamed(String token, String name) throws Exception {
        JsonNode agents = harness.get("/api/agents", token).body().path("agents");
        return StreamSupport.stream(agents.spliterator(), false).filter(a -> a.path("name").asText().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no agent " + name + " in " + agents));
    }

    @Test
    void modelThenAgentChangeWhatTheNextRequestCarries() throws Exception {
        String token = harness.newUser();
        try (RawSocket socket = new RawSocket(harness.webSocket(), token)) {
            socket.next("ready");
            socket.send(send("hello", null));
            String conversation = exchange(socket).getLast().path("conversationId").asText();
            assertEquals(List.of("conversation_search", "current_time", "memory_search", "memory_save_insight",
                    "memory_get_preferences", "memory_save_preference"), harness.chatRequests().getLast().tools(),
                    "the default agent's tools are offered");

            assertEquals("command:result", command(socket, conversation, "/model claude-opus-4-6").path("type").asText());
            socket.send(send("and now?", conversation));
            exchange(socket);
            assertEquals("claude-opus-4-6", harness.chatRequests().getLast().body().path("model").asText());

            JsonNode switched = command(socket, conversation, "/agent research-bot");
            assertEquals("research-bot", switched.path("data").path("agent").asText(), switched.toString());
            socket.send(send("what is new in batteries?", conversation));
            List<JsonNode> frames = exchange(socket);
            JsonNode info = ofType(frames, "session:info").getFirst();
            assertEquals("research-bot", info.path("agent").path("name").asText(), info.toString());
            RecordedRequest request = harness.chatRequests().getLast();
            assertEquals(agentNamed(token, "research-bot").path("systemPrompt").asText(), request.systemPrompt());
            assertEquals(List.of("conversation_search", "current_time"), request.tools());
            assertEquals("research-bot", frames.getLast().path("agent").path("name").asText(),
                    "the reply names the agent that wrote it");
        }
    }

    @Test
    void aClientToolRunsOnTheClientThatOffersIt() throws Exception {
        String token = harness.newUser();
        try (RawSocket socket = new RawSocket(harness.webSocket(), token)) {
            socket.next("ready");
            socket.send(READ_FILE);
            JsonNode offered = socket.next("tools:offered");
            assertEquals("[\"read_file\"]", offered.path("accepted").toString(), offered.toString());
            socket.send(send("hello", null));
            String conversation = exchange(socket).getLast().path("conversationId").asText();
            command(socket, conversation, "/agent coding-agent");

            socket.send(send("#sim:call read_file {\"path\":\"README.md\"}", conversation));
            JsonNode call = socket.next("tool:call");
            assertEquals("read_file", call.path("name").asText());
            assertEquals("{\"path\":\"README.md\"}", call.path("arguments").asText());
            socket.send(JSON.writeValueAsString(Map.of("type", "tool:result", "callId", "no-such-call", "content", "x")));
            assertEquals("unknown_tool_call", socket.next("error").path("code").asText());
            socket.send(JSON.writeValueAsString(Map.of("type", "tool:result", "callId", call.path("callId").asText(),
                    "content", "# Mosaic, read on the client")));
            List<JsonNode> frames = exchange(socket);

            JsonNode ended = ofType(frames, "tool:end").getFirst();
            assertFalse(ended.path("isError").asBoolean(), ended.toString());
            assertTrue(frames.getLast().path("status").asText().equals("complete"), frames.getLast().toString());
            assertTrue(harness.chatRequests().getLast().body().toString().contains("# Mosaic, read on the client"),
                    "the client's answer went back to the model");
            JsonNode metrics = harness.get("/api/conversations/" + conversation + "/metrics", token).body();
            assertEquals(1, metrics.path("toolCalls").asInt(), metrics.toString());
            assertEquals(1, metrics.path("agentSwitches").asInt(), metrics.toString());
        }
    }

    @Test
    void aDeletedAgentGivesWayToTheDefaultOneAndSaysSo() throws Exception {
        String token = harness.newUser();
        String name = "mine-" + UUID.randomUUID().toString().substring(0, 8);
        GatewayHarness.HttpResult made = harness.send("POST", "/api/agents", token, JSON.writeValueAsString(Map.of(
                "name", name, "systemPrompt", "You answer in haiku.", "tools", List.of())));
        assertEquals(201, made.status(), String.valueOf(made.body()));
        try (RawSocket socket = new RawSocket(harness.webSocket(), token)) {
            socket.next("ready");
            socket.send(send("hello", null));
            String conversation = exchange(socket).getLast().path("conversationId").asText();
            command(socket, conversation, "/agent " + name);
            socket.send(send("a poem please", conversation));
            exchange(socket);
            assertEquals("You answer in haiku.", harness.chatRequests().getLast().systemPrompt());

            assertEquals(204, harness.send("DELETE", "/api/agents/" + made.body().path("id").asText(), token, null).status());
            socket.send(send("another", conversation));
            JsonNode info = ofType(exchange(socket), "session:info").getFirst();
            assertEquals("default", info.path("agent").path("name").asText(), info.toString());
            assertTrue(info.path("reason").asText().contains("agent was deleted"), info.toString());
            assertEquals(agentNamed(token, "default").path("systemPrompt").asText(),
                    harness.chatRequests().getLast().systemPrompt());
        }
    }

    @Test
    void anAgentChangedThroughOneInstanceAnswersAsChangedThroughAnother() throws Exception {
        String token = harness.newUser();
        String name = "mine-" + UUID.randomUUID().toString().substring(0, 8);
        GatewayHarness.HttpResult made = harness.send("POST", "/api/agents", token, JSON.writeValueAsString(Map.of(
                "name", name, "systemPrompt", "Version one.", "tools", List.of())));
        try (Gateway other = harness.startAnother(); RawSocket socket = new RawSocket(other.webSocketUri(), token)) {
            socket.next("ready");
            socket.send(send("hello", null));
            String conversation = exchange(socket).getLast().path("conversationId").asText();
            command(socket, conversation, "/agent " + name);
            socket.send(send("first", conversation));
            exchange(socket);
            assertEquals("Version one.", harness.chatRequests().getLast().systemPrompt(), "the other instance caches it now");

            assertEquals(200, harness.send("PUT", "/api/agents/" + made.body().path("id").asText(), token,
                    JSON.writeValueAsString(Map.of("name", name, "systemPrompt", "Version two."))).status());
            String prompt = "";
            for (int attempt = 0; attempt < 100 && !prompt.equals("Version two."); attempt++) {
                socket.send(send("again", conversation));
                exchange(socket);
                prompt = harness.chatRequests().getLast().systemPrompt();
                Thread.sleep(50);
            }
            assertEquals("Version two.", prompt, "the change reached the other instance");
        }
    }

    /**
     * The loop over each protocol the gateway speaks: the model (the simulator, answering in that
     * protocol) asks for a tool, the gateway runs it and sends the result back in that protocol's
     * shape, and the model's answer names it.
     */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "openai, gpt-4o, /chat/completions",
        "openai, gpt-5.4, /responses",
        "anthropic, claude-sonnet-4-6, /v1/messages",
        "ollama, llama3.2, /api/chat",
    })
    void theToolLoopRunsOverEveryProtocol(String provider, String model, String path) throws Exception {
        try (ProviderSimulator simulator = ProviderSimulator.start(SimulatorOptions.defaults()
                .withTokenDelay(Duration.ZERO));
                GatewayHarness gateway = GatewayHarness.start(providerSettings(provider, model, simulator))) {
            String token = gateway.newUser();
            try (RawSocket socket = new RawSocket(gateway.webSocket(), token)) {
                socket.next("ready");
                socket.send(send("#sim:call current_time {\"timezone\":\"Europe/Berlin\"}", null));
                List<JsonNode> frames = exchange(socket);

                List<JsonNode> ends = ofType(frames, "message:end");
                assertEquals(2, ends.size(), frames.toString());
                assertTrue(ends.getFirst().path("continues").asBoolean());
                assertEquals("tool_use", ends.getFirst().path("stopReason").asText(), ends.getFirst().toString());
                JsonNode started = ofType(frames, "tool:start").getFirst();
                assertEquals("gateway", started.path("runsOn").asText());
                JsonNode ended = ofType(frames, "tool:end").getFirst();
                assertFalse(ended.path("isError").asBoolean(), ended.toString());
                assertTrue(ended.path("summary").asText().contains("Europe/Berlin"), ended.toString());

                List<RecordedRequest> requests = simulator.requests().stream().filter(r -> r.path().endsWith(path)).toList();
                assertEquals(2, requests.size(), "asked, then answered with the result");
                assertTrue(requests.get(1).body().toString().contains("Europe/Berlin"),
                        "the result went back: " + requests.get(1).body());
                String conversation = ends.getLast().path("conversationId").asText();
                JsonNode history = gateway.get("/api/conversations/" + conversation, token).body();
                List<String> roles = new ArrayList<>();
                history.path("messages").forEach(m -> roles.add(m.path("role").asText()));
                assertEquals(List.of("user", "assistant", "tool", "assistant"), roles, history.toString());
            }
        }
    }

    private static Map<String, String> providerSettings(String provider, String model, ProviderSimulator simulator) {
        return switch (provider) {
            case "openai" -> Map.of("MOSAIC_PROVIDER", provider, "OPENAI_API_KEY", "sk-test-0123456789abcdef",
                    "OPENAI_BASE_URL", simulator.baseUrl().toString(), "OPENAI_MODEL", model);
            case "anthropic" -> Map.of("MOSAIC_PROVIDER", provider, "ANTHROPIC_API_KEY", "sk-ant-test-0123456789abcdef",
                    "ANTHROPIC_BASE_URL", simulator.rootUrl().toString(), "ANTHROPIC_MODEL", model);
            case "ollama" -> Map.of("MOSAIC_PROVIDER", provider, "OLLAMA_HOST", simulator.rootUrl().toString(),
                    "OLLAMA_MODEL", model);
            default -> throw new IllegalArgumentException(provider);
        };
    }
}
