package dev.mosaic.adapters.out.providers.anthropic;

import static dev.mosaic.adapters.out.providers.ProviderFixtures.CLIENT;
import static dev.mosaic.adapters.out.providers.ProviderFixtures.assistant;
import static dev.mosaic.adapters.out.providers.ProviderFixtures.assistantFrom;
import static dev.mosaic.adapters.out.providers.ProviderFixtures.WEATHER;
import static dev.mosaic.adapters.out.providers.ProviderFixtures.noCancel;
import static dev.mosaic.adapters.out.providers.ProviderFixtures.offered;
import static dev.mosaic.adapters.out.providers.ProviderFixtures.sse;
import static dev.mosaic.adapters.out.providers.ProviderFixtures.tool;
import static dev.mosaic.adapters.out.providers.ProviderFixtures.typedEvents;
import static dev.mosaic.adapters.out.providers.ProviderFixtures.user;
import static dev.mosaic.adapters.out.providers.anthropic.Fixtures.API_KEY;
import static dev.mosaic.adapters.out.providers.anthropic.Fixtures.MESSAGE_STOP;
import static dev.mosaic.adapters.out.providers.anthropic.Fixtures.config;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mosaic.adapters.out.providers.MockServerTest;
import dev.mosaic.application.Secret;
import dev.mosaic.application.port.out.provider.ChatRequest;
import dev.mosaic.application.port.out.provider.ProviderError;
import dev.mosaic.application.port.out.provider.ProviderReply;
import dev.mosaic.application.tool.ToolSpec;
import dev.mosaic.domain.conversation.ContentBlock;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

/** What goes over the wire: the request Anthropic receives for a neutral conversation. */
class RequestMappingTest extends MockServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();


    private RecordedRequest send(AnthropicMessagesAdapter adapter, ChatRequest request) throws InterruptedException {
        server.enqueue(sse(typedEvents(MESSAGE_STOP)));
        ProviderReply reply = adapter.stream(request, event -> {}, noCancel());
        assertNull(reply.error());
        return server.takeRequest();
    }

    private static JsonNode body(RecordedRequest recorded) throws IOException {
        return JSON.readTree(recorded.getBody().utf8());
    }

    @Test
    void aWholeConversationIsMappedToAlternatingMessagesWithTypedBlocks() throws Exception {
        ChatRequest request = new ChatRequest("claude-sonnet-4-5", "You are terse.", List.of(
                user("What's the weather in Paris and Oslo?"),
                user("Quickly, please."),
                assistantFrom("anthropic", "claude-sonnet-4-5-20250929", new ContentBlock.Thinking("The user wants weather.", "sig-1"),
                        new ContentBlock.Text("Let me check."),
                        new ContentBlock.ToolCall("toolu_1", "get_weather", "{\"city\":\"Paris\"}"),
                        new ContentBlock.ToolCall("toolu_2", "get_weather", "{\"city\":\"Oslo\"}")),
                tool(new ContentBlock.ToolResult("toolu_1", "18°C, sunny", false)),
                tool(new ContentBlock.ToolResult("toolu_2", "no such city", true)),
                assistant(new ContentBlock.Thinking("from another provider", null), new ContentBlock.Text(""),
                        new ContentBlock.ToolCall("toolu_3", "get_time", null),
                        new ContentBlock.ToolCall("toolu_4", "get_date", "{\"cut short")),
                tool(new ContentBlock.ToolResult("toolu_3", "12:00", false), new ContentBlock.ToolResult("toolu_4", "", true)),
                user("And Paris?"),
                assistant(),
                assistant(new ContentBlock.Thinking("only thoughts, unsigned", null)),
                assistant(new ContentBlock.Text("Paris: "), new ContentBlock.Text("18°C.")),
                user("Thanks!")), 500, List.of(WEATHER, offered("get_time"), offered("get_date")));

        RecordedRequest recorded = send(Fixtures.adapter(server.url("/").uri()), request);

        assertEquals("POST", recorded.getMethod());
        assertEquals("/v1/messages", recorded.getUrl().encodedPath());
        assertEquals(API_KEY, recorded.getHeaders().get("x-api-key"));
        assertNull(recorded.getHeaders().get("Authorization"));
        assertNull(recorded.getHeaders().get("anthropic-beta"));
        assertEquals("2023-06-01", recorded.getHeaders().get("anthropic-version"));
        assertEquals("application/json", recorded.getHeaders().get("Content-Type"));
        assertEquals("text/event-stream", recorded.getHeaders().get("Accept"));
        JsonNode expected = JSON.readTree("""
                {
                  "model": "claude-sonnet-4-5",
                  "max_tokens": 500,
                  "system": "You are terse.",
                  "messages": [
                    {"role": "user", "content": [
                      {"type": "text", "text": "What's the weather in Paris and Oslo?"},
                      {"type": "text", "text": "Quickly, please."}
                    ]},
                    {"role": "assistant", "content": [
                      {"type": "thinking", "thinking": "The user wants weather.", "signature": "sig-1"},
                      {"type": "text", "text": "Let me check."},
                      {"type": "tool_use", "id": "toolu_1", "name": "get_weather", "input": {"city": "Paris"}},
                      {"type": "tool_use", "id": "toolu_2", "name": "get_weather", "input": {"city": "Oslo"}}
                    ]},
                    {"role": "user", "content": [
                      {"type": "tool_result", "tool_use_id": "toolu_1", "content": "18°C, sunny"},
                      {"type": "tool_result", "tool_use_id": "toolu_2", "content": "no such city", "is_error": true}
                    ]},
                    {"role": "assistant", "content": [
                      {"type": "tool_use", "id": "toolu_3", "name": "get_time", "input": {}},
                      {"type": "tool_use", "id": "toolu_4", "name": "get_date", "input": {}}
                    ]},
                    {"role": "user", "content": [
                      {"type": "tool_result", "tool_use_id": "toolu_3", "content": "12:00"},
                      {"type": "tool_result", "tool_use_id": "toolu_4", "content": "The arguments of this call were cut off and are not valid JSON, so the tool was not run.", "is_error": true},
                      {"type": "text", "text": "And Paris?"}
                    ]},
                    {"role": "assistant", "content": [
                      {"type": "text", "text": "Paris: "},
                      {"type": "text", "text": "18°C."}
                    ]},
                    {"role": "user", "content": [{"type": "text", "text": "Thanks!"}]}
                  ],
                  "tools": [
                    {"name": "get_weather", "description": "The weather in a city now.", "input_schema":
                      {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}},
                    {"name": "get_time", "description": "Gives the get time.", "input_schema": {"type": "object"}},
                    {"name": "get_date", "description": "Gives the get date.", "input_schema": {"type": "object"}}
                  ],
                  "stream": true
                }""");
        assertEquals(expected, body(recorded));
    }

    @Test
    void callsToToolsNoLongerOfferedGoBackAsTextAndTheirResultsAfterTheOthers() throws Exception {
        RecordedRequest recorded = send(Fixtures.adapter(server.url("/").uri()), new ChatRequest("claude-sonnet-4-5", "", List.of(
                user("Weather and news for Paris?"),
                assistant(new ContentBlock.Text("Checking."), new ContentBlock.ToolCall("toolu_1", "get_weather", "{\"city\":\"Paris\"}"),
                        new ContentBlock.ToolCall("toolu_2", "search", "{\"q\":\"Paris\"}")),
                tool(new ContentBlock.ToolResult("toolu_1", "18°C", false), new ContentBlock.ToolResult("toolu_2", "No news.", false)),
                user("Thanks!")), 0, List.of(WEATHER)));

        assertEquals(JSON.readTree("""
                [
                  {"role": "user", "content": [{"type": "text", "text": "Weather and news for Paris?"}]},
                  {"role": "assistant", "content": [
                    {"type": "text", "text": "Checking."},
                    {"type": "tool_use", "id": "toolu_1", "name": "get_weather", "input": {"city": "Paris"}},
                    {"type": "text", "text": "\\n[called tool search with {\\"q\\":\\"Paris\\"}]"}
                  ]},
                  {"role": "user", "content": [
                    {"type": "tool_result", "tool_use_id": "toolu_1", "content": "18°C"},
                    {"type": "text", "text": "[result of tool search: No news.]"},
                    {"type": "text", "text": "Thanks!"}
                  ]}
                ]"""), body(recorded).path("messages"));
        assertEquals(1, body(recorded).path("tools").size());
    }

    @Test
    void aToolWhoseSchemaIsNotJsonFailsTheReplyWithoutSendingIt() {
        ChatRequest request = new ChatRequest("claude-sonnet-4-5", "", List.of(user("hi")), 0,
                List.of(new ToolSpec("broken", "A schema cut off.", "{\"type\":\"obj")));

        ProviderReply reply = Fixtures.adapter(server.url("/").uri()).stream(request, event -> {}, noCancel());

        assertEquals(ProviderError.Kind.UNKNOWN, reply.error().kind());
        assertTrue(reply.error().message().contains("the parameters schema of tool broken is not a JSON object"),
                reply.error().message());
        assertEquals(0, server.getRequestCount());
    }

    @Test
    void noToolsOfferedMeansNoToolsField() throws Exception {
        assertFalse(body(send(Fixtures.adapter(server.url("/").uri()), Fixtures.ask("hi"))).has("tools"));
    }

    @Test
    void withoutALimitTheConfiguredDefaultIsSentBecauseTheApiRequiresOne() throws Exception {
        RecordedRequest recorded = send(Fixtures.adapter(server.url("/").uri()),
                new ChatRequest("claude-haiku-4-5", "  ", List.of(user("hi")), 0));

        JsonNode body = body(recorded);
        assertEquals(8192, body.path("max_tokens").asInt());
        assertEquals(false, body.has("system"));
        assertEquals(JSON.readTree("[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"hi\"}]}]"), body.path("messages"));
    }

    @Test
    void anOAuthTokenIsSentAsABearerWithItsBetaAndNoApiKey() throws Exception {
        String token = "sk-ant-oat01-test-abcdefghijklmnop";
        AnthropicMessagesAdapter oauth = new AnthropicMessagesAdapter(config(server.url("/").uri())
                .withOAuthToken(Secret.ofNullable(token), "You are a subscription client.")
                .withExtraHeaders(Map.of("anthropic-beta", "interleaved-thinking-2025-05-14", "X-Team", "mosaic")), CLIENT);

        RecordedRequest recorded = send(oauth, new ChatRequest("claude-sonnet-4-6", "Be brief.",
                List.of(Fixtures.ask("hi").messages().getFirst()), 0));

        assertEquals("Bearer " + token, recorded.getHeaders().get("Authorization"));
        assertNull(recorded.getHeaders().get("x-api-key"));
        assertEquals(List.of("interleaved-thinking-2025-05-14,oauth-2025-04-20"), recorded.getHeaders().values("anthropic-beta"));
        assertEquals("mosaic", recorded.getHeaders().get("X-Team"));
        assertEquals(JSON.readTree("[{\"type\":\"text\",\"text\":\"You are a subscription client.\"},"
                + "{\"type\":\"text\",\"text\":\"Be brief.\"}]"), body(recorded).path("system"), "the preamble first");
    }

    @Test
    void aConfiguredVersionAndBaseUrlPathAreUsed() throws Exception {
        AnthropicConfig base = config(server.url("/anthropic/").uri());
        AnthropicMessagesAdapter proxy = new AnthropicMessagesAdapter(new AnthropicConfig(base.providerId(), base.baseUrl(),
                base.apiKey(), null, "2099-01-01", base.connectTimeout(), base.firstByteTimeout(), base.idleTimeout(), 1024,
                Map.of(), null), CLIENT);

        RecordedRequest recorded = send(proxy, Fixtures.ask("hi"));

        assertEquals("/anthropic/v1/messages", recorded.getUrl().encodedPath());
        assertEquals("2099-01-01", recorded.getHeaders().get("anthropic-version"));
        assertEquals(1024, body(recorded).path("max_tokens").asInt());
    }
}
