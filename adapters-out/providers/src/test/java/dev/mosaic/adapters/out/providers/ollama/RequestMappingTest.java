package dev.mosaic.adapters.out.providers.ollama;

import static dev.mosaic.adapters.out.providers.ProviderFixtures.assistant;
import static dev.mosaic.adapters.out.providers.ProviderFixtures.ndjson;
import static dev.mosaic.adapters.out.providers.ProviderFixtures.noCancel;
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
                user("Thanks!")), 500);

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
                      {"function": {"name": "get_weather", "arguments": {"city": "Paris"}}},
                      {"function": {"name": "get_time", "arguments": {}}}
                    ]},
                    {"role": "tool", "content": "18°C, sunny", "tool_name": "get_weather"},
                    {"role": "tool", "content": "no such city", "tool_name": "get_time"},
                    {"role": "assistant", "content": "Paris: 18°C."},
                    {"role": "user", "content": "Thanks!"}
                  ],
                  "stream": true,
                  "options": {"num_predict": 500}
                }""");
        assertEquals(expected, JSON.readTree(recorded.getBody().utf8()));
    }

    @Test
    void noSystemPromptAndNoTokenLimitMeansNeitherIsSent() throws Exception {
        RecordedRequest recorded = send(new ChatRequest("llama3.2", " ", List.of(user("hi")), 0));

        JsonNode body = JSON.readTree(recorded.getBody().utf8());
        assertEquals(JSON.readTree("[{\"role\":\"user\",\"content\":\"hi\"}]"), body.path("messages"));
        assertFalse(body.has("options"));
    }
}
