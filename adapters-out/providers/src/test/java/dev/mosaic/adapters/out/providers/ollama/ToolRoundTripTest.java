package dev.mosaic.adapters.out.providers.ollama;

import static dev.mosaic.adapters.out.providers.ProviderFixtures.WEATHER;
import static dev.mosaic.adapters.out.providers.ProviderFixtures.assistantFrom;
import static dev.mosaic.adapters.out.providers.ProviderFixtures.ndjson;
import static dev.mosaic.adapters.out.providers.ProviderFixtures.noCancel;
import static dev.mosaic.adapters.out.providers.ProviderFixtures.offered;
import static dev.mosaic.adapters.out.providers.ProviderFixtures.tool;
import static dev.mosaic.adapters.out.providers.ProviderFixtures.user;
import static dev.mosaic.adapters.out.providers.ollama.Fixtures.done;
import static dev.mosaic.adapters.out.providers.ollama.Fixtures.lines;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mosaic.adapters.out.providers.MockServerTest;
import dev.mosaic.application.port.out.provider.ChatRequest;
import dev.mosaic.application.port.out.provider.ProviderReply;
import dev.mosaic.application.tool.ToolSpec;
import dev.mosaic.domain.conversation.ContentBlock;
import dev.mosaic.domain.conversation.StopReason;
import dev.mosaic.testsupport.ReferenceFiles;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Ollama's calls as they arrive, and their results as they go back in the next request. */
class ToolRoundTripTest extends MockServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<ToolSpec> TOOLS = List.of(WEATHER, offered("get_time"));

    private ProviderReply stream(String body, ChatRequest request) {
        server.enqueue(ndjson(body));
        return Fixtures.adapter(server.url("/").uri()).stream(request, event -> {}, noCancel());
    }

    /** The messages of the request that answers the reply's calls with {@code results}, the reply's own request taken first. */
    private JsonNode followUp(ProviderReply reply, ContentBlock.ToolResult... results) throws Exception {
        ChatRequest request = new ChatRequest(Fixtures.MODEL, "", List.of(user("weather?"),
                assistantFrom("ollama", reply.model(), reply.content().toArray(ContentBlock[]::new)), tool(results)), 0, TOOLS);
        assertNull(stream(lines(done("stop")), request).error());
        server.takeRequest();
        return JSON.readTree(server.takeRequest().getBody().utf8()).path("messages");
    }

    @Test
    void theDocumentedCallGoesBackWithItsResult() throws Exception {
        ProviderReply reply = stream(ReferenceFiles.text("ollama-chat-stream-tools.ndjson"), Fixtures.ask("weather?"));

        assertEquals(StopReason.TOOL_USE, reply.stopReason());
        assertEquals(JSON.readTree("""
                [
                  {"role": "user", "content": "weather?"},
                  {"role": "assistant", "content": "", "tool_calls": [
                    {"id": "call_0", "function": {"name": "get_weather", "arguments": {"city": "Tokyo"}}}
                  ]},
                  {"role": "tool", "content": "11°C", "tool_name": "get_weather", "tool_call_id": "call_0"}
                ]"""), followUp(reply, new ContentBlock.ToolResult("call_0", "11°C", false)));
    }

    @Test
    void parallelCallsOnOneLineOrSeveralEachGetTheirResult() throws Exception {
        String body = lines("{\"model\":\"qwen3\",\"message\":{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":["
                        + "{\"id\":\"call_x\",\"function\":{\"index\":0,\"name\":\"get_weather\",\"arguments\":{\"city\":\"Oslo\"}}},"
                        + "{\"function\":{\"index\":1,\"name\":\"get_weather\",\"arguments\":{\"city\":\"Rome\"}}}]},\"done\":false}",
                "{\"model\":\"qwen3\",\"message\":{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":["
                        + "{\"function\":{\"index\":2,\"name\":\"get_time\",\"arguments\":{}}}]},\"done\":false}",
                done("stop"));

        ProviderReply reply = stream(body, Fixtures.ask("weather?"));

        assertEquals(StopReason.TOOL_USE, reply.stopReason());
        assertEquals(List.of(new ContentBlock.ToolCall("call_x", "get_weather", "{\"city\":\"Oslo\"}"),
                new ContentBlock.ToolCall("call_1", "get_weather", "{\"city\":\"Rome\"}"),
                new ContentBlock.ToolCall("call_2", "get_time", "{}")), reply.content());
        JsonNode messages = followUp(reply, new ContentBlock.ToolResult("call_1", "21°C", false),
                new ContentBlock.ToolResult("call_2", "12:00", false), new ContentBlock.ToolResult("call_x", "9°C", false));
        assertEquals(JSON.readTree("""
                [
                  {"role": "tool", "content": "9°C", "tool_name": "get_weather", "tool_call_id": "call_x"},
                  {"role": "tool", "content": "21°C", "tool_name": "get_weather", "tool_call_id": "call_1"},
                  {"role": "tool", "content": "12:00", "tool_name": "get_time", "tool_call_id": "call_2"}
                ]"""), JSON.valueToTree(List.of(messages.get(2), messages.get(3), messages.get(4))));
        assertEquals(5, messages.size());
    }
}
