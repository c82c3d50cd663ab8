package dev.mosaic.adapters.out.providers.openai;

import static dev.mosaic.adapters.out.providers.ProviderFixtures.CLIENT;
import static dev.mosaic.adapters.out.providers.ProviderFixtures.assistant;
import static dev.mosaic.adapters.out.providers.ProviderFixtures.WEATHER;
import static dev.mosaic.adapters.out.providers.ProviderFixtures.noCancel;
import static dev.mosaic.adapters.out.providers.ProviderFixtures.offered;
import static dev.mosaic.adapters.out.providers.ProviderFixtures.sse;
import static dev.mosaic.adapters.out.providers.ProviderFixtures.tool;
import static dev.mosaic.adapters.out.providers.ProviderFixtures.typedEvents;
import static dev.mosaic.adapters.out.providers.ProviderFixtures.user;
import static dev.mosaic.adapters.out.providers.openai.Fixtures.API_KEY;
import static dev.mosaic.adapters.out.providers.openai.Fixtures.completed;
import static dev.mosaic.adapters.out.providers.openai.Fixtures.config;
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

/** What goes over the wire: the Responses request for a neutral conversation. */
class ResponsesRequestMappingTest extends MockServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RecordedRequest send(OpenAiResponsesAdapter adapter, ChatRequest request) throws InterruptedException {
        server.enqueue(sse(typedEvents(completed("{\"input_tokens\":1,\"output_tokens\":1}"))));
        ProviderReply reply = adapter.stream(request, event -> {}, noCancel());
        assertNull(reply.error());
        return server.takeRequest();
    }

    @Test
    void aWholeConversationIsMappedToInputItems() throws Exception {
        ChatRequest request = new ChatRequest("gpt-5-mini", "You are terse.", List.of(
                user("What's the weather in Paris and Oslo?"),
                assistant(new ContentBlock.Thinking("The user wants weather.", null), new ContentBlock.Text("Let me "),
                        new ContentBlock.Text("check."),
                        new ContentBlock.ToolCall("call_1", "get_weather", "{\"city\":\"Paris\"}"),
                        new ContentBlock.ToolCall("call_2", "get_weather", "{\"city\":\"Oslo\"}"),
                        new ContentBlock.Text("Waiting.")),
                tool(new ContentBlock.ToolResult("call_1", "18°C, sunny", false),
                        new ContentBlock.ToolResult("call_2", "no such city", true)),
                assistant(new ContentBlock.ToolCall("call_3", "get_time", null)),
                tool(new ContentBlock.ToolResult("call_3", "12:00", false)),
                assistant(),
                assistant(new ContentBlock.Thinking("only thoughts", null)),
                assistant(new ContentBlock.Text("Paris: 18°C.")),
                user("Thanks!")), 500, List.of(WEATHER, offered("get_time")));

        RecordedRequest recorded = send(Fixtures.responses(server.url("/v1").uri()), request);

        assertEquals("POST", recorded.getMethod());
        assertEquals("/v1/responses", recorded.getUrl().encodedPath());
        assertEquals("Bearer " + API_KEY, recorded.getHeaders().get("Authorization"));
        assertEquals("application/json", recorded.getHeaders().get("Content-Type"));
        assertEquals("text/event-stream", recorded.getHeaders().get("Accept"));
        JsonNode expected = JSON.readTree("""
                {
                  "model": "gpt-5-mini",
                  "instructions": "You are terse.",
                  "input": [
                    {"role": "user", "content": [{"type": "input_text", "text": "What's the weather in Paris and Oslo?"}]},
                    {"role": "assistant", "content": [{"type": "output_text", "text": "Let me check."}]},
                    {"type": "function_call", "call_id": "call_1", "name": "get_weather", "arguments": "{\\"city\\":\\"Paris\\"}"},
                    {"type": "function_call", "call_id": "call_2", "name": "get_weather", "arguments": "{\\"city\\":\\"Oslo\\"}"},
                    {"role": "assistant", "content": [{"type": "output_text", "text": "Waiting."}]},
                    {"type": "function_call_output", "call_id": "call_1", "output": "18°C, sunny"},
                    {"type": "function_call_output", "call_id": "call_2", "output": "no such city"},
                    {"type": "function_call", "call_id": "call_3", "name": "get_time", "arguments": "{}"},
                    {"type": "function_call_output", "call_id": "call_3", "output": "12:00"},
                    {"role": "assistant", "content": [{"type": "output_text", "text": "Paris: 18°C."}]},
                    {"role": "user", "content": [{"type": "input_text", "text": "Thanks!"}]}
                  ],
                  "tools": [
                    {"type": "function", "name": "get_weather", "description": "The weather in a city now.", "strict": false,
                      "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}},
                    {"type": "function", "name": "get_time", "description": "Gives the get time.", "strict": false,
                      "parameters": {"type": "object"}}
                  ],
                  "stream": true,
                  "store": false,
                  "max_output_tokens": 500
                }""");
        assertEquals(expected, JSON.readTree(recorded.getBody().utf8()));
    }

    @Test
    void aCallCutOffAndCallsToToolsNoLongerOfferedGoBackSoThatTheApiAcceptsThem() throws Exception {
        RecordedRequest recorded = send(Fixtures.responses(server.url("/v1").uri()), new ChatRequest("gpt-5-mini", "", List.of(
                user("Weather and news for Paris?"),
                assistant(new ContentBlock.Text("Checking."), new ContentBlock.ToolCall("call_1", "get_weather", "{\"city\":\"Pa"),
                        new ContentBlock.ToolCall("call_2", "search", "{\"q\":\"Paris\"}")),
                tool(new ContentBlock.ToolResult("call_1", "a result stored anyway", false),
                        new ContentBlock.ToolResult("call_2", "No news.", false)),
                user("Thanks!")), 0, List.of(WEATHER)));

        assertEquals(JSON.readTree("""
                [
                  {"role": "user", "content": [{"type": "input_text", "text": "Weather and news for Paris?"}]},
                  {"role": "assistant", "content": [{"type": "output_text", "text": "Checking."}]},
                  {"type": "function_call", "call_id": "call_1", "name": "get_weather", "arguments": "{}"},
                  {"role": "assistant", "content": [{"type": "output_text", "text": "\\n[called tool search with {\\"q\\":\\"Paris\\"}]"}]},
                  {"type": "function_call_output", "call_id": "call_1", "output": "The arguments of this call were cut off and are not valid JSON, so the tool was not run."},
                  {"role": "user", "content": [{"type": "input_text", "text": "[result of tool search: No news.]"}]},
                  {"role": "user", "content": [{"type": "input_text", "text": "Thanks!"}]}
                ]"""), JSON.readTree(recorded.getBody().utf8()).path("input"));
    }

    @Test
    void noSystemPromptNoLimitAndTheVendorsHeaders() throws Exception {
        OpenAiResponsesAdapter vendor = new OpenAiResponsesAdapter(config(server.url("/api/v1/").uri())
                .withExtraHeaders(Map.of("HTTP-Referer", "https://mosaic.example")), CLIENT);

        RecordedRequest recorded = send(vendor, new ChatRequest("gpt-5-mini", " ", List.of(user("hi")), 0));

        JsonNode body = JSON.readTree(recorded.getBody().utf8());
        assertEquals("/api/v1/responses", recorded.getUrl().encodedPath());
        assertEquals("https://mosaic.example", recorded.getHeaders().get("HTTP-Referer"));
        assertFalse(body.has("instructions"));
        assertFalse(body.has("max_output_tokens"));
        assertFalse(body.has("tools"), "no tools offered, none sent");
        assertEquals(JSON.readTree("[{\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":\"hi\"}]}]"),
                body.path("input"));
    }
}
