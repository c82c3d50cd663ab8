package dev.mosaic.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mosaic.simulator.ProviderSimulator;
import dev.mosaic.simulator.Reply;
import dev.mosaic.simulator.SimulatorOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Failover through the running gateway, with Anthropic and OpenAI each played by a simulator of its
 * own: a model that fails before its first token is passed over, one that fails mid-answer is
 * continued by the next model, and with only Ollama reachable everything goes offline to it.
 */
class RoutingFailoverEndToEndTest {
    private static final String CODING = "Design and implement a distributed rate limiter in Go backed by Redis, with "
            + "tests, metrics and a migration plan for our existing API gateway";
    private static final String UNAUTHORIZED = "{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\","
            + "\"message\":\"invalid x-api-key\"}}";

    private static ProviderSimulator simulator() {
        return ProviderSimulator.start(SimulatorOptions.defaults().withTokenDelay(Duration.ofMillis(1)));
    }

    private static GatewayHarness gateway(ProviderSimulator anthropic, ProviderSimulator openai, Map<String, String> more) {
        Map<String, String> env = new java.util.HashMap<>(Map.of("MOSAIC_PROVIDER", "auto",
                "ANTHROPIC_API_KEY", "sk-ant-test-0123456789abcdef", "ANTHROPIC_BASE_URL", anthropic.rootUrl().toString(),
                "OPENAI_API_KEY", "sk-test-0123456789abcdef", "OPENAI_BASE_URL", openai.baseUrl().toString()));
        env.putAll(more);
        return GatewayHarness.start(env);
    }

    private static List<String> messagesTo(ProviderSimulator simulator) {
        return simulator.requests().stream().filter(r -> r.method().equals("POST"))
                .map(r -> r.body().path("model").asText()).toList();
    }

    @Test
    void aModelThatFailsBeforeItsFirstTokenIsPassedOverAndTheClientHearsTheHop() throws Exception {
        try (ProviderSimulator anthropic = simulator(); ProviderSimulator openai = simulator();
                GatewayHarness harness = gateway(anthropic, openai, Map.of())) {
            // Opus, then Sonnet (the default chain's first), both refused: then gpt-5.4.
            anthropic.script(Reply.httpError(401, UNAUTHORIZED));
            anthropic.script(Reply.httpError(401, UNAUTHORIZED));
            openai.script(Reply.text("Here is ", "the design."));
            String token = harness.newUser();
            try (RawSocket socket = new RawSocket(harness.webSocket(), token)) {
                socket.next("ready");
                socket.send("{\"type\":\"message:send\",\"text\":\"" + CODING + "\"}");
                JsonNode first = socket.next("session:info");
                assertEquals("claude-opus-4-6", first.path("model").asText());
                JsonNode second = socket.next("session:info");
                assertEquals("claude-sonnet-4-6", second.path("model").asText(), second.toString());
                JsonNode third = socket.next("session:info");
                assertEquals("gpt-5.4", third.path("model").asText(), third.toString());
                assertEquals(2, third.path("routing").path("fallbacks").size(), third.toString());
                assertEquals("provider_authentication", third.path("routing").path("fallbacks").get(0).path("cause").asText());
                JsonNode end = socket.next("message:end");
                assertEquals("complete", end.path("status").asText(), end.toString());
                assertEquals("openai", end.path("provider").asText(), end.toString());
            }
            assertEquals(List.of("claude-opus-4-6", "claude-sonnet-4-6"), messagesTo(anthropic));
            assertEquals(List.of("gpt-5.4"), messagesTo(openai));
        }
    }

    @Test
    void aModelThatFailsMidAnswerIsContinuedByTheNextAndTheMessageKeepsBothParts() throws Exception {
        try (ProviderSimulator anthropic = simulator(); ProviderSimulator openai = simulator();
                GatewayHarness harness = gateway(anthropic, openai, Map.of())) {
            anthropic.script(Reply.text("First ", "half, ", "never sent").midStreamError(2, "Overloaded"));
            openai.script(Reply.text("second half."));
            String token = harness.newUser();
            String conversation;
            try (RawSocket socket = new RawSocket(harness.webSocket(), token)) {
                socket.next("ready");
                socket.send("{\"type\":\"message:send\",\"text\":\"" + CODING + "\"}");
                JsonNode failover = socket.next("routing:failover");
                assertEquals("anthropic/claude-opus-4-6", failover.path("from").asText(), failover.toString());
                assertEquals("anthropic/claude-sonnet-4-6", failover.path("to").asText(), failover.toString());
                JsonNode end = socket.next("message:end");
                assertEquals("complete", end.path("status").asText(), end.toString());
                conversation = end.path("conversationId").asText();
            }
            JsonNode reply = harness.get("/api/conversations/" + conversation, token).body().path("messages").get(1);
            StringBuilder text = new StringBuilder();
            reply.path("content").forEach(block -> text.append(block.path("text").asText()));
            assertTrue(text.toString().startsWith("First half, "), text.toString());
            JsonNode decision = harness.get("/api/conversations/" + conversation + "/routing", token).body()
                    .path("replies").get(0).path("routing");
            assertEquals(1, decision.path("failovers").size(), decision.toString());
            assertEquals("First half, ".length(), decision.path("failovers").get(0).path("afterCharacters").asInt());
            // The model that went on was given the partial answer to continue from.
            JsonNode continued = anthropic.requests().getLast().body();
            assertTrue(continued.toString().contains("First half, "), continued.toString());
        }
    }

    @Test
    void withMidAnswerFailoverStoppedTheAnswerEndsPartial() throws Exception {
        try (ProviderSimulator anthropic = simulator(); ProviderSimulator openai = simulator();
                GatewayHarness harness = gateway(anthropic, openai, Map.of("MOSAIC_MIDSTREAM_FAILOVER", "stop"))) {
            anthropic.script(Reply.text("First ", "half, ", "never sent").midStreamError(2, "Overloaded"));
            JsonNode[] frames = RoutingEndToEndTest.chat(harness.webSocket(), harness.newUser(), null, CODING);
            assertEquals("partial", frames[1].path("status").asText(), frames[1].toString());
            assertEquals(1, messagesTo(anthropic).size());
        }
    }

    @Test
    void withOnlyOllamaReachableEverythingGoesOfflineToItsModel() throws Exception {
        try (ProviderSimulator ollama = simulator();
                GatewayHarness harness = GatewayHarness.start(Map.of("MOSAIC_PROVIDER", "auto",
                        "OLLAMA_HOST", ollama.rootUrl().toString()))) {
            JsonNode[] frames = RoutingEndToEndTest.chat(harness.webSocket(), harness.newUser(), null, CODING);
            assertEquals("llama3.2", frames[0].path("model").asText(), frames[0].toString());
            assertTrue(frames[0].path("routing").path("offline").asBoolean());
            assertEquals("offline", frames[0].path("routing").path("rule").path("name").asText());
            assertEquals("complete", frames[1].path("status").asText(), frames[1].toString());
            assertTrue(ollama.requests().stream().anyMatch(r -> r.path().equals("/api/chat")
                    && r.body().path("model").asText().equals("llama3.2")));
        }
    }
}
