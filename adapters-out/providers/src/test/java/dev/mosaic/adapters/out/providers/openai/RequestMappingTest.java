package dev.mosaic.adapters.out.providers.openai;

import static dev.mosaic.adapters.out.providers.ProviderFixtures.CLIENT;
import static dev.mosaic.adapters.out.providers.ProviderFixtures.assistant;
import static dev.mosaic.adapters.out.providers.ProviderFixtures.WEATHER;
import static dev.mosaic.adapters.out.providers.ProviderFixtures.noCancel;
import static dev.mosaic.adapters.out.providers.ProviderFixtures.offered;
import static dev.mosaic.adapters.out.providers.ProviderFixtures.sse;
import static dev.mosaic.adapters.out.providers.ProviderFixtures.tool;
import static dev.mosaic.adapters.out.providers.ProviderFixtures.user;
import static dev.mosaic.adapters.out.providers.openai.Fixtures.API_KEY;
import static dev.mosaic.adapters.out.providers.openai.Fixtures.config;
import static dev.mosaic.adapters.out.providers.openai.Fixtures.events;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mosaic.adapters.out.providers.MockServerTest;
import dev.mosaic.application.port.out.provider.ChatRequest;
import dev.mosaic.application.port.out.provider.ProviderReply;
import dev.mosaic.domain.conversation.ContentBlock;
import java.util.List;
import java.util.Map;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

/** What goes over the wire: the request the provider receives for a neutral conversation. */
class RequestMappingTest extends MockServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DONE = events("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"ok\"},\"finish_reason\":\"stop\"}]}",
            "[DONE]");


    private RecordedRequest send(OpenAiChatCompletionsAdapter adapter, ChatRequest request) throws InterruptedException {
        server.enqueue(sse(DONE));
        ProviderReply reply = adapter.stream(request, event -> {}, noCancel());
        assertNull(reply.error());
        return server.takeRequest();
    }

    @Test
    void aWholeConversationIsMappedToChatCompletionsMessages() throws Exception {
        ChatRequest request = new ChatRequest("gpt-4o", "You are terse.", List.of(
                user("What's the weather in Paris and Oslo?"),
                assistant(new ContentBlock.Thinking("The user wants weather.", "sig"), new ContentBlock.Text("Let me check."),
                        new ContentBlock.ToolCall("call_1", "get_weather", "{\"city\":\"Paris\"}"),
                        new ContentBlock.ToolCall("call_2", "get_weather", "{\"city\":\"Oslo\"}")),
                tool(new ContentBlock.ToolResult("call_1", "18°C, sunny", false),
                        new ContentBlock.ToolResult("call_2", "no such city", true)),
                assistant(new ContentBlock.ToolCall("call_3", "get_time", null)),
                tool(new ContentBlock.ToolResult("call_3", "12:00", false)),
                assistant(new ContentBlock.Text("Paris: "), new ContentBlock.Text("18°C.")),
                assistant(),
                assistant(new ContentBlock.Thinking("only thoughts", null)),
                user("Thanks!")), 500, List.of(WEATHER, offered("get_time")));

        RecordedRequest recorded = send(Fixtures.adapter(server.url("/v1").uri()), request);

        assertEquals("POST", recorded.getMethod());
        assertEquals("/v1/chat/completions", recorded.getUrl().encodedPath());
        assertEquals("Bearer " + API_KEY, recorded.getHeaders().get("Authorization"));
        assertEquals("application/json", recorded.getHeaders().get("Content-Type"));
        assertEquals("text/event-stream", recorded.getHeaders().get("Accept"));
        JsonNode expected = JSON.readTree("""
                {
                  "model": "gpt-4o",
                  "messages": [
                    {"role": "system", "content": "You are terse."},
                    {"role": "user", "content": "What's the weather in Paris and Oslo?"},
                    {"role": "assistant", "content": "Let me check.", "tool_calls": [
                      {"id": "call_1", "type": "function", "function": {"name": "get_weather", "arguments": "{\\"city\\":\\"Paris\\"}"}},
                      {"id": "call_2", "type": "function", "function": {"name": "get_weather", "arguments": "{\\"city\\":\\"Oslo\\"}"}}
                    ]},
                    {"role": "tool", "tool_call_id": "call_1", "content": "18°C, sunny"},
                    {"role": "tool", "tool_call_id": "call_2", "content": "no such city"},
                    {"role": "assistant", "content": null, "tool_calls": [
                      {"id": "call_3", "type": "function", "function": {"name": "get_time", "arguments": "{}"}}
                    ]},
                    {"role": "tool", "tool_call_id": "call_3", "content": "12:00"},
                    {"role": "assistant", "content": "Paris: 18°C."},
                    {"role": "user", "content": "Thanks!"}
                  ],
                  "tools": [
                    {"type": "function", "function": {"name": "get_weather", "description": "The weather in a city now.", "parameters":
                      {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}},
                    {"type": "function", "function": {"name": "get_time", "description": "Gives the get time.", "parameters": {"type": "object"}}}
                  ],
                  "stream": true,
                  "stream_options": {"include_usage": true},
                  "max_completion_tokens": 500
                }""");
        assertEquals(expected, JSON.readTree(recorded.getBody().utf8()));
    }

    @Test
    void aCallCutOffAndCallsToToolsNoLongerOfferedGoBackSoThatTheApiAcceptsThem() throws Exception {
        RecordedRequest recorded = send(Fixtures.adapter(server.url("/v1").uri()), new ChatRequest("gpt-4o", "", List.of(
                user("Weather and news for Paris?"),
                assistant(new ContentBlock.Text("Checking."), new ContentBlock.ToolCall("call_1", "get_weather", "{\"city\":\"Pa"),
                        new ContentBlock.ToolCall("call_2", "search", "{\"q\":\"Paris\"}")),
                tool(new ContentBlock.ToolResult("call_1", "a result stored anyway", false),
                        new ContentBlock.ToolResult("call_2", "No news.", false)),
                user("Thanks!")), 0, List.of(WEATHER)));

        assertEquals(JSON.readTree("""
                [
                  {"role": "user", "content": "Weather and news for Paris?"},
                  {"role": "assistant", "content": "Checking.\\n[called tool search with {\\"q\\":\\"Paris\\"}]", "tool_calls": [
                    {"id": "call_1", "type": "function", "function": {"name": "get_weather", "arguments": "{}"}}
                  ]},
                  {"role": "tool", "tool_call_id": "call_1", "content": "The arguments of this call were cut off and are not valid JSON, so the tool was not run."},
                  {"role": "user", "content": "[result of tool search: No news.]"},
                  {"role": "user", "content": "Thanks!"}
                ]"""), JSON.readTree(recorded.getBody().utf8()).path("messages"));
    }

    @Test
    void noSystemPromptAndNoTokenLimitMeansNeitherIsSent() throws Exception {
        RecordedRequest recorded = send(Fixtures.adapter(server.url("/v1/").uri()),
                new ChatRequest("llama3.2", "  ", List.of(user("hi")), 0));

        JsonNode body = JSON.readTree(recorded.getBody().utf8());
        assertEquals("/v1/chat/completions", recorded.getUrl().encodedPath(), "a trailing slash on the base URL is fine");
        assertEquals(JSON.readTree("[{\"role\":\"user\",\"content\":\"hi\"}]"), body.path("messages"));
        assertFalse(body.has("max_completion_tokens"));
        assertFalse(body.has("tools"), "no tools offered, none sent");
        assertEquals("llama3.2", body.path("model").asText());
    }

    @Test
    void extraHeadersAreSentWithEveryRequest() throws Exception {
        OpenAiChatCompletionsAdapter openRouter = new OpenAiChatCompletionsAdapter(config(server.url("/api/v1").uri())
                .withExtraHeaders(Map.of("HTTP-Referer", "https://mosaic.example", "X-Title", "Mosaic")), CLIENT);

        RecordedRequest recorded = send(openRouter, Fixtures.ask("hi"));

        assertEquals("https://mosaic.example", recorded.getHeaders().get("HTTP-Referer"));
        assertEquals("Mosaic", recorded.getHeaders().get("X-Title"));
        assertEquals("/api/v1/chat/completions", recorded.getUrl().encodedPath());
    }
}
