package dev.mosaic.adapters.out.providers.anthropic;

import static dev.mosaic.adapters.out.providers.ProviderFixtures.WEATHER;
import static dev.mosaic.adapters.out.providers.ProviderFixtures.assistantFrom;
import static dev.mosaic.adapters.out.providers.ProviderFixtures.noCancel;
import static dev.mosaic.adapters.out.providers.ProviderFixtures.offered;
import static dev.mosaic.adapters.out.providers.ProviderFixtures.sse;
import static dev.mosaic.adapters.out.providers.ProviderFixtures.tool;
import static dev.mosaic.adapters.out.providers.ProviderFixtures.typedEvents;
import static dev.mosaic.adapters.out.providers.ProviderFixtures.user;
import static dev.mosaic.adapters.out.providers.anthropic.Fixtures.MESSAGE_STOP;
import static dev.mosaic.adapters.out.providers.anthropic.Fixtures.blockStart;
import static dev.mosaic.adapters.out.providers.anthropic.Fixtures.blockStop;
import static dev.mosaic.adapters.out.providers.anthropic.Fixtures.delta;
import static dev.mosaic.adapters.out.providers.anthropic.Fixtures.messageDelta;
import static dev.mosaic.adapters.out.providers.anthropic.Fixtures.messageStart;
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

/** Calls as they stream in, and their results as they go back in the next request. */
class ToolRoundTripTest extends MockServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<ToolSpec> TOOLS = List.of(WEATHER, offered("get_time"));

    private ProviderReply stream(String body, ChatRequest request) {
        server.enqueue(sse(body));
        return Fixtures.adapter(server.url("/").uri()).stream(request, event -> {}, noCancel());
    }

    /** The messages sent with the reply's calls answered by {@code results}. */
    private JsonNode followUp(ProviderReply reply, ContentBlock.ToolResult... results) throws Exception {
        List<ContentBlock> content = reply.content();
        ChatRequest request = new ChatRequest(Fixtures.MODEL, "", List.of(user("weather?"),
                assistantFrom("anthropic", reply.model(), content.toArray(ContentBlock[]::new)), tool(results)), 0, TOOLS);
        assertNull(stream(typedEvents(MESSAGE_STOP), request).error());
        server.takeRequest();
        return JSON.readTree(server.takeRequest().getBody().utf8()).path("messages");
    }

    @Test
    void theRecordedCallGoesBackWithItsResult() throws Exception {
        ProviderReply reply = stream(ReferenceFiles.text("anthropic-stream-tool-use.sse"), Fixtures.ask("weather?"));

        assertEquals(StopReason.TOOL_USE, reply.stopReason());
        assertEquals(new ContentBlock.ToolCall("toolu_01T1x1fJ34qAmk2tNTrN7Up6", "get_weather",
                "{\"location\": \"San Francisco, CA\", \"unit\": \"fahrenheit\"}"), reply.content().get(1));
        assertEquals(JSON.readTree("""
                [
                  {"role": "user", "content": [{"type": "text", "text": "weather?"}]},
                  {"role": "assistant", "content": [
                    {"type": "text", "text": "Okay, let's check the weather for San Francisco, CA:"},
                    {"type": "tool_use", "id": "toolu_01T1x1fJ34qAmk2tNTrN7Up6", "name": "get_weather",
                      "input": {"location": "San Francisco, CA", "unit": "fahrenheit"}}
                  ]},
                  {"role": "user", "content": [
                    {"type": "tool_result", "tool_use_id": "toolu_01T1x1fJ34qAmk2tNTrN7Up6", "content": "59°F, fog"}
                  ]}
                ]"""), followUp(reply, new ContentBlock.ToolResult("toolu_01T1x1fJ34qAmk2tNTrN7Up6", "59°F, fog", false)));
    }

    @Test
    void parallelCallsArriveWholeAndTheirResultsGoBackTogetherInOneUserMessage() throws Exception {
        String events = typedEvents(messageStart("{\"input_tokens\":10,\"output_tokens\":1}"),
                blockStart(0, "{\"type\":\"tool_use\",\"id\":\"toolu_a\",\"name\":\"get_weather\",\"input\":{}}"),
                delta(0, "{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"city\\\":\"}"),
                delta(0, "{\"type\":\"input_json_delta\",\"partial_json\":\"\\\"Oslo\\\"}\"}"), blockStop(0),
                blockStart(1, "{\"type\":\"tool_use\",\"id\":\"toolu_b\",\"name\":\"get_weather\",\"input\":{}}"),
                delta(1, "{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"city\\\":\\\"Rome\\\"}\"}"), blockStop(1),
                blockStart(2, "{\"type\":\"tool_use\",\"id\":\"toolu_c\",\"name\":\"get_time\",\"input\":{}}"), blockStop(2),
                messageDelta("tool_use", "{\"output_tokens\":30}"), MESSAGE_STOP);

        ProviderReply reply = stream(events, Fixtures.ask("weather?"));

        assertEquals(StopReason.TOOL_USE, reply.stopReason());
        assertEquals(List.of(new ContentBlock.ToolCall("toolu_a", "get_weather", "{\"city\":\"Oslo\"}"),
                new ContentBlock.ToolCall("toolu_b", "get_weather", "{\"city\":\"Rome\"}"),
                new ContentBlock.ToolCall("toolu_c", "get_time", "{}")), reply.content());
        assertEquals(JSON.readTree("""
                [
                  {"type": "tool_result", "tool_use_id": "toolu_a", "content": "9°C"},
                  {"type": "tool_result", "tool_use_id": "toolu_b", "content": "no such city", "is_error": true},
                  {"type": "tool_result", "tool_use_id": "toolu_c", "content": "12:00"}
                ]"""), followUp(reply, new ContentBlock.ToolResult("toolu_c", "12:00", false),
                new ContentBlock.ToolResult("toolu_a", "9°C", false), new ContentBlock.ToolResult("toolu_b", "no such city", true))
                .get(2).path("content"));
    }
}
