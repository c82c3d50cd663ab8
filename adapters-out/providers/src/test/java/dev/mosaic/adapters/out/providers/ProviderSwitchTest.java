package dev.mosaic.adapters.out.providers;

import static dev.mosaic.adapters.out.providers.ProviderFixtures.assistantFrom;
import static dev.mosaic.adapters.out.providers.ProviderFixtures.ndjson;
import static dev.mosaic.adapters.out.providers.ProviderFixtures.noCancel;
import static dev.mosaic.adapters.out.providers.ProviderFixtures.sse;
import static dev.mosaic.adapters.out.providers.ProviderFixtures.tool;
import static dev.mosaic.adapters.out.providers.ProviderFixtures.typedEvents;
import static dev.mosaic.adapters.out.providers.ProviderFixtures.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mosaic.application.Secret;
import dev.mosaic.application.port.out.provider.ChatRequest;
import dev.mosaic.application.port.out.provider.ProviderAccess;
import dev.mosaic.application.port.out.provider.ProviderReply;
import dev.mosaic.application.tool.ToolSpec;
import dev.mosaic.domain.conversation.ContentBlock.Text;
import dev.mosaic.domain.conversation.ContentBlock.Thinking;
import dev.mosaic.domain.conversation.ContentBlock.ToolCall;
import dev.mosaic.domain.conversation.ContentBlock.ToolResult;
import dev.mosaic.domain.conversation.Message;
import dev.mosaic.domain.conversation.MessageStatus;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A conversation moves to another provider at any point: whatever the providers before wrote
 * (signed and unsigned thinking, tool calls with their ids, results stored anywhere or not at all),
 * each adapter sends a request its protocol accepts. The history below holds each kind of block as
 * each provider writes it; every adapter sends it to a real local HTTP server, and the request is
 * checked against the rules of the protocol that receives it.
 */
class ProviderSwitchTest extends MockServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ANTHROPIC_ID = Pattern.compile("^[a-zA-Z0-9_-]+$");
    private static final Pattern OPENAI_ID = Pattern.compile("^[a-zA-Z0-9_-]{1,40}$");

    private static final String CLAUDE_SIGNATURE = "EqQBCkgIARABGAIiQL8w2ZbGhU4k+1xY0gL9Xr";
    private static final String OPUS_SIGNATURE = "ErUBCkYIBRgCIkDopusSignedThisOne+9dQ";
    private static final String OPENROUTER_SIGNATURE = "gAAAAABoRouterCarriedSignature==";
    private static final String SIMULATOR_SIGNATURE = "sim-signature-0001";
    private static final String LONG_ID = "toolu_vrtx_01KzYpUvWqXb7RtHnMcLdEsFgAiJ5Tq8Lm";
    private static final String LATE_RESULT = "Oslo: 9°C, stored after the next question";
    /** Every tool the history calls but {@code search}. */
    private static final List<ToolSpec> OFFERED = List.of(ProviderFixtures.WEATHER, ProviderFixtures.offered("convert"),
            ProviderFixtures.offered("get_time"), ProviderFixtures.offered("get_date"));

    /** Each kind of block as each provider writes it, and each irregularity a stored history can have. */
    private static List<Message> history() {
        return List.of(
                user("What's the weather in Paris?"),
                assistantFrom("anthropic", "claude-sonnet-4-5-20250929",
                        new Thinking("The user wants the weather.", CLAUDE_SIGNATURE),
                        new Thinking("", CLAUDE_SIGNATURE + "withheld"),
                        new Text("Let me check."),
                        new ToolCall("toolu_01A09q90qw90lq917835lq9", "get_weather", "{\"city\":\"Paris\"}")),
                tool(new ToolResult("toolu_01A09q90qw90lq917835lq9", "18°C, sunny", false)),
                assistantFrom("anthropic", "claude-opus-4-1-20250805", new Thinking("Another Claude model.", OPUS_SIGNATURE),
                        new Text("Paris: 18°C.")),
                user("And Oslo?"),
                assistantFrom("openai", "gpt-4o-2024-08-06",
                        new ToolCall("call_4XzlGBLtUe9dy3GVNV4jhq7h", "get_weather", "{\"city\":\"Oslo\"}")),
                user("Hurry, please."),
                tool(new ToolResult("call_4XzlGBLtUe9dy3GVNV4jhq7h", LATE_RESULT, false)),
                assistantFrom("openai", "gpt-5", new Thinking("**Checking units** Celsius is fine.", null),
                        new ToolCall("call_Wz1mFq8Kp0xYs3", "convert", "{\"celsius\":9}"), new Text("Converting.")),
                tool(new ToolResult("call_Wz1mFq8Kp0xYs3", "48°F", false)),
                assistantFrom("openrouter", "moonshotai/kimi-k2", new Thinking("Reasoning via OpenRouter.", OPENROUTER_SIGNATURE),
                        new ToolCall("functions.get_time:0", "get_time", "{}"),
                        new ToolCall(LONG_ID, "get_date", "{\"tz\":\"Europe/Oslo\"}")),
                tool(new ToolResult("functions.get_time:0", "12:00", false), new ToolResult(LONG_ID, "", true)),
                assistantFrom("zai", "glm-5", new Thinking("GLM thinks first.", null), new Text("\n\n"),
                        new ToolCall("call_-7553612343324187043", "get_weather", "{\"city\":\"Bergen\"}")),
                tool(new ToolResult("call_-7553612343324187043", "rain", false)),
                assistantFrom("ollama", "qwen3", new Thinking("Ollama thinks too.", null),
                        new ToolCall("call_0", "get_weather", "{\"city\":\"Tromsø\"}")),
                tool(new ToolResult("call_0", "snow", false)),
                assistantFrom("ollama", "qwen3", new ToolCall("call_0", "get_weather", "{\"city\":\"Bodø\"}")),
                tool(new ToolResult("call_0", "wind", false)),
                assistantFrom("simulator", "mosaic-simulator", new Thinking("Simulated.", SIMULATOR_SIGNATURE),
                        new Text("Simulated answer.")),
                // A tool the agent no longer offers, called beside one that never got its result.
                assistantFrom("zai", "glm-5", new ToolCall("call_search", "search", "{\"q\":\"Oslo\"}"),
                        new ToolCall("call_unanswered", "get_time", "{}")),
                tool(new ToolResult("call_search", "Oslo news", false)),
                user("One more: Rome?"),
                // A reply cut short in the middle of a call: no result was ever stored.
                partial(assistantFrom("openai", "gpt-4o", new Text("Checking Rome"),
                        new ToolCall("call_cut", "get_weather", "{\"city\":\"Ro"))),
                tool(new ToolResult("call_gone", "a result whose call is not in the history", false)),
                // A reply that failed before its first token, and one with only thoughts.
                assistantFrom("anthropic", "claude-sonnet-4-5"),
                assistantFrom("ollama", "qwen3", new Thinking("only thoughts", null)),
                user("Thanks!"));
    }

    private static Message partial(Message reply) {
        return reply.withProgress(reply.content(), reply.generation(), MessageStatus.PARTIAL);
    }

    /** Every provider's usual endpoint on the local server, as the gateway's defaults name them. */
    private OkHttpChatProviderFactory factory() {
        return new OkHttpChatProviderFactory(new OkHttpChatProviderFactory.Defaults(
                Map.of("anthropic", server.url("/").uri(), "openai", server.url("/v1").uri(),
                        "openrouter", server.url("/api/v1").uri(), "zai", server.url("/api/paas/v4").uri(),
                        "ollama", server.url("/").uri()),
                Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(5), Map.of(), null, Map.of()),
                ProviderFixtures.CLIENT);
    }

    /** Sends the history to {@code provider}'s {@code model}, which answers {@code response}, and returns the request body. */
    private JsonNode send(String provider, String model, MockResponse response) throws InterruptedException, IOException {
        server.enqueue(response);
        ProviderReply reply = factory().connect(provider, new ProviderAccess.ApiKey(Secret.ofNullable("sk-test-0123456789abcdef"), null))
                .stream(new ChatRequest(model, "Be brief.", history(), 0, OFFERED), event -> {}, noCancel());
        assertNull(reply.error());
        RecordedRequest request = server.takeRequest();
        return JSON.readTree(request.getBody().utf8());
    }

    @Test
    void anthropicGetsAlternatingMessagesPairedResultsValidIdsAndOnlyItsOwnSignedThinking() throws Exception {
        JsonNode body = send("anthropic", "claude-sonnet-4-5", sse(typedEvents("{\"type\":\"message_stop\"}")));

        JsonNode messages = body.path("messages");
        Set<String> callIds = new HashSet<>();
        List<String> signatures = new ArrayList<>();
        int results = 0;
        for (int i = 0; i < messages.size(); i++) {
            JsonNode message = messages.get(i);
            assertEquals(i % 2 == 0 ? "user" : "assistant", message.path("role").asText(), "roles alternate, user first: " + i);
            assertFalse(message.path("content").isEmpty(), "no empty message: " + i);
            List<String> called = new ArrayList<>();
            for (JsonNode block : message.path("content")) {
                switch (block.path("type").asText()) {
                    case "text" -> assertFalse(block.path("text").asText().isBlank(), block.toString());
                    case "thinking" -> signatures.add(block.path("signature").asText());
                    case "tool_use" -> {
                        String id = block.path("id").asText();
                        assertTrue(ANTHROPIC_ID.matcher(id).matches(), id);
                        assertTrue(callIds.add(id), "tool_use ids are unique: " + id);
                        assertTrue(block.path("input").isObject(), block.toString());
                        called.add(id);
                    }
                    case "tool_result" -> {
                        results++;
                        if (block.path("is_error").asBoolean()) {
                            assertFalse(block.path("content").asText().isBlank(), "an error result says something");
                        }
                    }
                    default -> throw new AssertionError("unexpected block " + block);
                }
            }
            if (!called.isEmpty()) {
                // The results open the next user message, one for each call, in the order of the calls.
                JsonNode next = messages.get(i + 1).path("content");
                for (int r = 0; r < called.size(); r++) {
                    assertEquals("tool_result", next.get(r).path("type").asText(), next.toString());
                    assertEquals(called.get(r), next.get(r).path("tool_use_id").asText());
                }
            }
        }
        assertEquals(callIds.size(), results, "every result answers a call");
        assertEquals(List.of(CLAUDE_SIGNATURE, CLAUDE_SIGNATURE + "withheld"), signatures,
                "only what this provider's model signed goes back as thinking");
        assertSharedRules(body.toString());
    }

    @ParameterizedTest
    @CsvSource({"openai, gpt-4o, /v1/chat/completions", "openrouter, anthropic/claude-sonnet-4.5, /api/v1/chat/completions",
            "zai, glm-5, /api/paas/v4/chat/completions"})
    void chatCompletionsGetsEachCallAnsweredByToolMessagesRightAfterIt(String provider, String model, String path)
            throws Exception {
        JsonNode body = send(provider, model, sse("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"ok\"},"
                + "\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n"));

        JsonNode messages = body.path("messages");
        Set<String> callIds = new LinkedHashSet<>();
        int results = 0;
        for (int i = 0; i < messages.size(); i++) {
            JsonNode message = messages.get(i);
            String role = message.path("role").asText();
            if (role.equals("tool")) {
                results++;
                continue;
            }
            JsonNode calls = message.path("tool_calls");
            if (role.equals("assistant")) {
                assertTrue(!message.path("content").asText("").isEmpty() || !calls.isEmpty(), "no empty assistant message: " + i);
            }
            for (int c = 0; c < calls.size(); c++) {
                String id = calls.get(c).path("id").asText();
                assertTrue(OPENAI_ID.matcher(id).matches(), id);
                assertTrue(callIds.add(id), "tool call ids are unique: " + id);
                assertTrue(JSON.readTree(calls.get(c).path("function").path("arguments").asText()).isObject(), calls.toString());
                JsonNode answer = messages.get(i + 1 + c);
                assertEquals("tool", answer.path("role").asText(), "the results follow the calls at once");
                assertEquals(id, answer.path("tool_call_id").asText());
            }
        }
        assertEquals(callIds.size(), results, "every tool message answers a call");
        assertEquals(List.of("toolu_01A09q90qw90lq917835lq9", "call_4XzlGBLtUe9dy3GVNV4jhq7h", "call_Wz1mFq8Kp0xYs3",
                "functions_get_time_0", LONG_ID.substring(0, 40), "call_-7553612343324187043", "call_0", "call_0_2", "call_unanswered", "call_cut"),
                List.copyOf(callIds), "ids are kept where they can be, and made valid and unique where not");
        assertFalse(body.toString().contains("thinking") || body.toString().contains("reasoning"), "no protocol field for thinking");
        assertSharedRules(body.toString());
    }

    @Test
    void responsesGetsEachFunctionCallAnsweredByItsOutputBeforeTheNextMessage() throws Exception {
        JsonNode body = send("openai", "gpt-5", sse(typedEvents("{\"type\":\"response.completed\",\"response\":{\"model\":\"gpt-5\"}}")));

        JsonNode input = body.path("input");
        Set<String> callIds = new HashSet<>();
        Set<String> open = new LinkedHashSet<>();
        int outputs = 0;
        for (JsonNode item : input) {
            switch (item.path("type").asText("message")) {
                case "function_call" -> {
                    String id = item.path("call_id").asText();
                    assertTrue(OPENAI_ID.matcher(id).matches(), id);
                    assertTrue(callIds.add(id), "call ids are unique: " + id);
                    assertTrue(JSON.readTree(item.path("arguments").asText()).isObject(), item.toString());
                    open.add(id);
                }
                case "function_call_output" -> {
                    outputs++;
                    assertTrue(open.remove(item.path("call_id").asText()), "an output answers an earlier call: " + item);
                }
                default -> {
                    if (item.path("role").asText().equals("user")) {
                        assertEquals(Set.of(), open, "every call is answered before the next user message");
                    }
                    assertFalse(item.path("content").get(0).path("text").asText().isEmpty(), item.toString());
                }
            }
        }
        assertEquals(Set.of(), open);
        assertEquals(callIds.size(), outputs);
        assertFalse(body.toString().contains("reasoning"), "reasoning items are not kept, so none are sent");
        assertSharedRules(body.toString());
    }

    @Test
    void ollamaGetsEachCallAnsweredByToolMessagesNamedAfterIt() throws Exception {
        JsonNode body = send("ollama", "qwen3", ndjson("{\"model\":\"qwen3\",\"message\":{\"role\":\"assistant\",\"content\":\"ok\"},"
                + "\"done\":true}\n"));

        JsonNode messages = body.path("messages");
        int calls = 0;
        int results = 0;
        for (int i = 0; i < messages.size(); i++) {
            JsonNode message = messages.get(i);
            if (message.path("role").asText().equals("tool")) {
                results++;
                continue;
            }
            JsonNode made = message.path("tool_calls");
            for (int c = 0; c < made.size(); c++) {
                calls++;
                assertTrue(made.get(c).path("function").path("arguments").isObject(), made.toString());
                JsonNode answer = messages.get(i + 1 + c);
                assertEquals("tool", answer.path("role").asText(), "the results follow the calls at once");
                assertEquals(made.get(c).path("function").path("name").asText(), answer.path("tool_name").asText());
            }
        }
        assertEquals(calls, results, "every tool message answers a call");
        assertTrue(body.toString().contains("\"thinking\":\"GLM thinks first.\""), "thinking goes back as plain thinking text");
        assertFalse(body.toString().contains("signature"), body.toString());
        assertSharedRules(body.toString());
    }

    /**
     * What every protocol receives alike: a stored result wherever it was stored, an error result for
     * the call that has none and for the one cut off, nothing of a result whose call is unknown, a
     * call to a tool not offered and its result as text only, and no signature of another provider
     * or model.
     */
    private static void assertSharedRules(String body) {
        assertTrue(body.contains(LATE_RESULT), "a result stored later still answers its call");
        assertTrue(body.contains(HistoryNormaliser.NO_RESULT), "a call without a result gets one saying so");
        assertTrue(body.contains(HistoryNormaliser.CUT_OFF), "a call cut off gets a result saying it was not run");
        assertTrue(body.contains("[called tool search with {\\\"q\\\":\\\"Oslo\\\"}]"), body);
        assertTrue(body.contains("[result of tool search: Oslo news]"), body);
        assertFalse(body.contains("call_search"), "no tool block for a tool not offered");
        assertFalse(body.contains("a result whose call is not in the history"), "a result without a call is left out");
        for (String foreign : List.of(OPUS_SIGNATURE, OPENROUTER_SIGNATURE, SIMULATOR_SIGNATURE)) {
            assertFalse(body.contains(foreign), "no signature of another provider or model: " + foreign);
        }
    }
}
