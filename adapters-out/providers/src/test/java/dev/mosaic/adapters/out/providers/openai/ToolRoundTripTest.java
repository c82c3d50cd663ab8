package dev.mosaic.adapters.out.providers.openai;

import static dev.mosaic.adapters.out.providers.ProviderFixtures.WEATHER;
import static dev.mosaic.adapters.out.providers.ProviderFixtures.assistantFrom;
import static dev.mosaic.adapters.out.providers.ProviderFixtures.noCancel;
import static dev.mosaic.adapters.out.providers.ProviderFixtures.offered;
import static dev.mosaic.adapters.out.providers.ProviderFixtures.sse;
import static dev.mosaic.adapters.out.providers.ProviderFixtures.tool;
import static dev.mosaic.adapters.out.providers.ProviderFixtures.user;
import static dev.mosaic.adapters.out.providers.openai.Fixtures.events;
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

/** Chat Completions calls as they stream in, and their results as they go back in the next request. */
class ToolRoundTripTest extends MockServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<ToolSpec> TOOLS = List.of(WEATHER, offered("get_time"));
    private static final String DONE = events("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"ok\"},\"finish_reason\":\"stop\"}]}",
            "[DONE]");

    private ProviderReply stream(String body, ChatRequest request) {
        server.enqueue(sse(body));
        return Fixtures.adapter(server.url("/v1").uri()).stream(request, event -> {}, noCancel());
    }

    /** The messages of the request that answers the reply's calls with {@code results}, the reply's own request taken first. */
    private JsonNode followUp(ProviderReply reply, ContentBlock.ToolResult... results) throws Exception {
        ChatRequest request = new ChatRequest("gpt-4o", "", List.of(user("weather?"),
                assistantFrom("openai", reply.model(), reply.content().toArray(ContentBlock[]::new)), tool(results)), 0, TOOLS);
        assertNull(stream(DONE, request).error());
        server.takeRequest();
        return JSON.readTree(server.takeRequest().getBody().utf8()).path("messages");
    }

    @Test
    void theRecordedCallGoesBackWithItsResult() throws Exception {
        ProviderReply reply = stream(ReferenceFiles.text("openai-chat-stream-tools.sse"), Fixtures.ask("weather?"));

        assertEquals(StopReason.TOOL_USE, reply.stopReason());
        assertEquals(List.of(new ContentBlock.ToolCall("call_4XzlGBLtUe9dy3GVNV4jhq7h", "get_weather", "{\"city\":\"New York City\"}")),
                reply.content());
        assertEquals(JSON.readTree("""
                [
                  {"role": "user", "content": "weather?"},
                  {"role": "assistant", "content": null, "tool_calls": [
                    {"id": "call_4XzlGBLtUe9dy3GVNV4jhq7h", "type": "function",
                      "function": {"name": "get_weather", "arguments": "{\\"city\\":\\"New York City\\"}"}}
                  ]},
                  {"role": "tool", "tool_call_id": "call_4XzlGBLtUe9dy3GVNV4jhq7h", "content": "22°C"}
                ]"""), followUp(reply, new ContentBlock.ToolResult("call_4XzlGBLtUe9dy3GVNV4jhq7h", "22°C", false)));
    }

    @Test
    void parallelCallsWithInterleavedFragmentsArriveWholeAndEachResultGoesBackAsAToolMessage() throws Exception {
        String chunk = "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[%s]},\"finish_reason\":null}]}";
        String body = events(
                chunk.formatted("{\"index\":0,\"id\":\"call_a\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"\"}}"),
                chunk.formatted("{\"index\":1,\"id\":\"call_b\",\"type\":\"function\",\"function\":{\"name\":\"get_time\",\"arguments\":\"\"}}"),
                chunk.formatted("{\"index\":0,\"function\":{\"arguments\":\"{\\\"city\\\":\"}}"),
                chunk.formatted("{\"index\":1,\"function\":{\"arguments\":\"{}\"}}"),
                chunk.formatted("{\"index\":0,\"function\":{\"arguments\":\"\\\"Oslo\\\"}\"}}"),
                "{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}]}", "[DONE]");

        ProviderReply reply = stream(body, Fixtures.ask("weather?"));

        assertEquals(StopReason.TOOL_USE, reply.stopReason());
        assertEquals(List.of(new ContentBlock.ToolCall("call_a", "get_weather", "{\"city\":\"Oslo\"}"),
                new ContentBlock.ToolCall("call_b", "get_time", "{}")), reply.content());
        JsonNode messages = followUp(reply, new ContentBlock.ToolResult("call_b", "12:00", false),
                new ContentBlock.ToolResult("call_a", "9°C", false));
        assertEquals(JSON.readTree("""
                [
                  {"role": "tool", "tool_call_id": "call_a", "content": "9°C"},
                  {"role": "tool", "tool_call_id": "call_b", "content": "12:00"}
                ]"""), JSON.valueToTree(List.of(messages.get(2), messages.get(3))));
        assertEquals(4, messages.size());
    }
}
