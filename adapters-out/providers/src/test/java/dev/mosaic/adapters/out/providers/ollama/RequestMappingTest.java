package dev.mosaic.adapters.out.providers.ollama;

import static dev.mosaic.adapters.out.providers.ProviderFixtures.assistant;
import static dev.mosaic.adapters.out.providers.ProviderFixtures.ndjson;
import static dev.mosaic.adapters.out.providers.ProviderFixtures.WEATHER;
import static dev.mosaic.adapters.out.providers.ProviderFixtures.noCancel;
import static dev.mosaic.adapters.out.providers.ProviderFixtures.offered;
import static dev.mosaic.adapters.out.providers.ProviderFixtures.tool;
import static dev.mosaic.adapters.out.providers.ProviderFixtures.user;
import static dev.mosaic.adapters.out.providers.ollama.Fixtures.done;
import static dev.mosaic.adapters.out.providers.ollama.Fixtures.lines;
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
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

/** What goes over the wire: the request Ollama receives for a neutral conversation. */
class RequestMappingTest extends MockServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RecordedRequest send(ChatRequest request) throws InterruptedException {
        server.enqueue(ndjson(lines(done("stop"))));
        ProviderReply reply = Fixtures.adapter(server.url("/").uri()).stream(request, event -> {}, noCancel());
        assertNull(reply.error());
        return server.takeRequest();
    }

    @Test
    void aWholeConversationIsMappedToChatMessages() throws Exception {
        ChatRequest request = new ChatRequest("qwen3", "You are terse.", List.of(
                user("What's the weather in Paris and Oslo?"),
                assistant(new ContentBlock.Thinking("The user wants ", "sig"), new ContentBlock.Thinking("weather.", null),
                        new ContentBlock.Text("Let me check."),
                        new ContentBlock.ToolCall("call_0", "get_weather", "{\"city\":\"Paris\"}"),
                        new ContentBlock.ToolCall("call_1", "get_time", "{\"cut short")),
                tool(new ContentBlock.ToolResult("call_0", "18°C, sunny", false),
                        new ContentBlock.ToolResult("call_1", "no such city", true)),
                assistant(),
                assistant(new ContentBlock.Thinking("only thoughts", null)),
                assistant(new ContentBlock.Text("Paris: "), new ContentBlock.Text("18°C.")),
                user("Thanks!")), 500, List.of(WEATHER, offered("get_time")));

        RecordedRequest recorded = send(request);

        assertEquals("POST", recorded.getMethod());
        assertEquals("/api/chat", recorded.getUrl().encodedPath());
        assertNull(recorded.getHeaders().get("Authorization"));
        assertEquals("application/json", recorded.getHeaders().get("Content-Type"));
        assertEquals("application/x-ndjson", recorded.getHeaders().get("Accept"));
        JsonNode expected = JSON.readTree("""
                {
                  "model": "qwen3",
                  "messages": [
                    {"role": "system", "content": "You are terse."},
                    {"role": "user", "content": "What's the weather in Paris and Oslo?"},
                    {"role": "assistant", "content": "Let me check.", "thinking": "The user wants weather.", "tool_calls": [
                      {"id": "call_0", "function": {"name": "get_weather", "arguments": {"city": "Paris"}}},
                      {"id": "call_1", "function": {"name": "get_time", "arguments": {}}}
                    ]},
                    {"role": "tool", "content": "18°C, sunny", "tool_name": "get_weather", "tool_call_id": "call_0"},
                    {"role": "tool", "content": "The arguments of this call were cut off and are not valid JSON, so the tool was not run.", "tool_name": "get_time", "tool_call_id": "call_1"},
                    {"role": "assistant", "content": "Paris: 18°C."},
                    {"role": "user", "content": "Thanks!"}
                  ],
                  "tools": [
                    {"type": "function", "function": {"name": "get_weather", "description": "The weather in a city now.", "parameters":
                      {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}},
                    {"type": "function", "function": {"name": "get_time", "description": "Gives the get time.", "parameters": {"type": "object"}}}
                  ],
                  "stream": true,
                  "options": {"num_predict": 500}
                }""");
        assertEquals(expected, JSON.readTree(recorded.getBody().utf8()));
    }

    @Test
    void callsToToolsNoLongerOfferedGoBackAsTextAndParallelCallsOfOneToolByTheirIds() throws Exception {
        RecordedRequest recorded = send(new ChatRequest("qwen3", "", List.of(
                user("Weather in Paris and Oslo, and news?"),
                assistant(new ContentBlock.ToolCall("call_0", "get_weather", "{\"city\":\"Paris\"}"),
                        new ContentBlock.ToolCall("call_1", "get_weather", "{\"city\":\"Oslo\"}"),
                        new ContentBlock.ToolCall("call_2", "search", "{}")),
                tool(new ContentBlock.ToolResult("call_1", "9°C", false), new ContentBlock.ToolResult("call_0", "18°C", false),
                        new ContentBlock.ToolResult("call_2", "No news.", false))), 0, List.of(WEATHER)));

        assertEquals(JSON.readTree("""
                [
                  {"role": "user", "content": "Weather in Paris and Oslo, and news?"},
                  {"role": "assistant", "content": "[called tool search with {}]", "tool_calls": [
                    {"id": "call_0", "function": {"name": "get_weather", "arguments": {"city": "Paris"}}},
                    {"id": "call_1", "function": {"name": "get_weather", "arguments": {"city": "Oslo"}}}
                  ]},
                  {"role": "tool", "content": "18°C", "tool_name": "get_weather", "tool_call_id": "call_0"},
                  {"role": "tool", "content": "9°C", "tool_name": "get_weather", "tool_call_id": "call_1"},
                  {"role": "user", "content": "[result of tool search: No news.]"}
                ]"""), JSON.readTree(recorded.getBody().utf8()).path("messages"));
    }

    @Test
    void noSystemPromptAndNoTokenLimitMeansNeitherIsSent() throws Exception {
        RecordedRequest recorded = send(new ChatRequest("llama3.2", " ", List.of(user("hi")), 0));

        JsonNode body = JSON.readTree(recorded.getBody().utf8());
        assertEquals(JSON.readTree("[{\"role\":\"user\",\"content\":\"hi\"}]"), body.path("messages"));
        assertFalse(body.has("options"));
        assertFalse(body.has("tools"), "no tools offered, none sent");
    }
}
