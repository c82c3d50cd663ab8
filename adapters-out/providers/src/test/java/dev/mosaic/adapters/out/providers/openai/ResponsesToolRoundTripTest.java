package dev.mosaic.adapters.out.providers.openai;

import static dev.mosaic.adapters.out.providers.ProviderFixtures.WEATHER;
import static dev.mosaic.adapters.out.providers.ProviderFixtures.assistantFrom;
import static dev.mosaic.adapters.out.providers.ProviderFixtures.noCancel;
import static dev.mosaic.adapters.out.providers.ProviderFixtures.offered;
import static dev.mosaic.adapters.out.providers.ProviderFixtures.sse;
import static dev.mosaic.adapters.out.providers.ProviderFixtures.tool;
import static dev.mosaic.adapters.out.providers.ProviderFixtures.typedEvents;
import static dev.mosaic.adapters.out.providers.ProviderFixtures.user;
import static dev.mosaic.adapters.out.providers.openai.Fixtures.RESPONSE_CREATED;
import static dev.mosaic.adapters.out.providers.openai.Fixtures.completed;
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

/** Responses function calls as they stream in, and their outputs as they go back in the next request. */
class ResponsesToolRoundTripTest extends MockServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<ToolSpec> TOOLS = List.of(WEATHER, offered("get_time"));
    private static final String USAGE = "{\"input_tokens\":1,\"output_tokens\":1}";

    private ProviderReply stream(String body, ChatRequest request) {
        server.enqueue(sse(body));
        return Fixtures.responses(server.url("/v1").uri()).stream(request, event -> {}, noCancel());
    }

    /** The input of the request that answers the reply's calls with {@code results}, the reply's own request taken first. */
    private JsonNode followUp(ProviderReply reply, ContentBlock.ToolResult... results) throws Exception {
        ChatRequest request = new ChatRequest("gpt-4.1", "", List.of(user("weather?"),
                assistantFrom("openai", reply.model(), reply.content().toArray(ContentBlock[]::new)), tool(results)), 0, TOOLS);
        assertNull(stream(typedEvents(completed(USAGE)), request).error());
        server.takeRequest();
        return JSON.readTree(server.takeRequest().getBody().utf8()).path("input");
    }

    private static String callAdded(int outputIndex, String callId, String name) {
        return "{\"type\":\"response.output_item.added\",\"output_index\":" + outputIndex + ",\"item\":{\"type\":\"function_call\","
                + "\"id\":\"fc_" + outputIndex + "\",\"call_id\":\"" + callId + "\",\"name\":\"" + name + "\",\"arguments\":\"\"}}";
    }

    private static String argumentsDelta(int outputIndex, String delta) {
        return "{\"type\":\"response.function_call_arguments.delta\",\"item_id\":\"fc_" + outputIndex + "\",\"output_index\":"
                + outputIndex + ",\"delta\":" + JSON.getNodeFactory().textNode(delta) + "}";
    }

    @Test
    void theRecordedCallGoesBackWithItsOutput() throws Exception {
        ProviderReply reply = stream(ReferenceFiles.text("openai-responses-stream-function-call.sse"), Fixtures.ask("weather?"));

        assertEquals(StopReason.TOOL_USE, reply.stopReason());
        assertEquals(JSON.readTree("""
                [
                  {"role": "user", "content": [{"type": "input_text", "text": "weather?"}]},
                  {"type": "function_call", "call_id": "call_1234xyz", "name": "get_weather",
                    "arguments": "{\\"latitude\\":48.8566,\\"longitude\\":2.3522}"},
                  {"type": "function_call_output", "call_id": "call_1234xyz", "output": "18°C"}
                ]"""), followUp(reply, new ContentBlock.ToolResult("call_1234xyz", "18°C", false)));
    }

    @Test
    void parallelCallsWithInterleavedArgumentsArriveWholeAndEachGetsItsOutput() throws Exception {
        String body = typedEvents(RESPONSE_CREATED, callAdded(0, "call_a", "get_weather"), callAdded(1, "call_b", "get_weather"),
                argumentsDelta(1, "{\"city\":"), argumentsDelta(0, "{\"city\":\"Oslo\"}"), argumentsDelta(1, "\"Rome\"}"),
                completed(USAGE));

        ProviderReply reply = stream(body, Fixtures.ask("weather?"));

        assertEquals(StopReason.TOOL_USE, reply.stopReason());
        assertEquals(List.of(new ContentBlock.ToolCall("call_a", "get_weather", "{\"city\":\"Oslo\"}"),
                new ContentBlock.ToolCall("call_b", "get_weather", "{\"city\":\"Rome\"}")), reply.content());
        assertEquals(JSON.readTree("""
                [
                  {"role": "user", "content": [{"type": "input_text", "text": "weather?"}]},
                  {"type": "function_call", "call_id": "call_a", "name": "get_weather", "arguments": "{\\"city\\":\\"Oslo\\"}"},
                  {"type": "function_call", "call_id": "call_b", "name": "get_weather", "arguments": "{\\"city\\":\\"Rome\\"}"},
                  {"type": "function_call_output", "call_id": "call_a", "output": "9°C"},
                  {"type": "function_call_output", "call_id": "call_b", "output": "21°C"}
                ]"""), followUp(reply, new ContentBlock.ToolResult("call_b", "21°C", false),
                new ContentBlock.ToolResult("call_a", "9°C", false)));
    }
}
