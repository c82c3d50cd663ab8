package dev.mosaic.adapters.out.providers.ollama;

import static dev.mosaic.adapters.out.providers.ProviderFixtures.ndjson;
import static dev.mosaic.adapters.out.providers.ProviderFixtures.noCancel;
import static dev.mosaic.adapters.out.providers.ollama.Fixtures.adapter;
import static dev.mosaic.adapters.out.providers.ollama.Fixtures.ask;
import static dev.mosaic.adapters.out.providers.ollama.Fixtures.content;
import static dev.mosaic.adapters.out.providers.ollama.Fixtures.done;
import static dev.mosaic.adapters.out.providers.ollama.Fixtures.lines;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.mosaic.adapters.out.providers.MockServerTest;
import dev.mosaic.adapters.out.providers.ProviderFixtures;
import dev.mosaic.application.port.out.provider.ChatStreamEvent;
import dev.mosaic.application.port.out.provider.ProviderError.Kind;
import dev.mosaic.application.port.out.provider.ProviderReply;
import dev.mosaic.domain.conversation.ContentBlock;
import dev.mosaic.domain.conversation.StopReason;
import dev.mosaic.domain.conversation.Usage;
import java.util.List;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code /api/chat} streams that go wrong, and streams that look odd but are fine. */
class StreamFailureTest extends MockServerTest {

    private final ProviderFixtures.Recorder recorder = new ProviderFixtures.Recorder();

    private ProviderReply replay(String body) {
        server.enqueue(ndjson(body));
        return adapter(server.url("/").uri()).stream(ask("hi"), recorder, noCancel());
    }

    @Test
    void unknownFieldsNullsAndShapesAreIgnored() {
        ProviderReply reply = replay(lines(
                "{\"model\":\"llama3.2\",\"message\":{\"role\":\"assistant\",\"content\":\"A\",\"images\":null,\"thinking\":null,"
                        + "\"tool_calls\":null,\"future\":{\"x\":1}},\"done\":false,\"surprise\":[1,2]}",
                "42",
                "[\"an\",\"array\"]",
                "{\"message\":null}",
                "",
                content("B"),
                "{\"model\":\"llama3.2\",\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done\":true,\"done_reason\":\"stop\","
                        + "\"eval_count\":2,\"total_duration\":1,\"logprobs\":[]}"));

        assertNull(reply.error());
        assertEquals(List.of(new ContentBlock.Text("AB")), reply.content());
        assertEquals(StopReason.END_TURN, reply.stopReason());
        // Ollama leaves out counts of 0, e.g. when the whole prompt came from its cache.
        assertEquals(new Usage(0, 2, 0), reply.usage());
        assertEquals(List.of("A", "B"), recorder.textDeltas());
    }

    @ParameterizedTest
    @CsvSource({"stop, END_TURN", "length, MAX_TOKENS", "load, END_TURN", "unload, END_TURN", "a_reason_added_later, END_TURN"})
    void doneReasonsMapToStopReasons(String wire, StopReason expected) {
        ProviderReply reply = replay(lines(content("x"), done(wire)));

        assertNull(reply.error());
        assertEquals(expected, reply.stopReason());
        assertEquals(new Usage(12, 3, 0), reply.usage());
    }

    @Test
    void severalCallsInOneLineAreNumberedAndNewerVersionsIdsKept() {
        ProviderReply reply = replay(lines(
                "{\"model\":\"qwen3\",\"message\":{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":["
                        + "{\"id\":\"call_abc\",\"function\":{\"index\":0,\"name\":\"get_weather\",\"arguments\":{\"city\":\"Oslo\"}}},"
                        + "{\"function\":{\"index\":1,\"name\":\"get_time\",\"arguments\":{}}}]},\"done\":false}",
                "{\"model\":\"qwen3\",\"message\":{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":["
                        + "{\"function\":{\"name\":\"get_date\",\"arguments\":\"{\\\"tz\\\":\\\"UTC\\\"}\"}}]},\"done\":false}",
                done("stop")));

        assertNull(reply.error());
        assertEquals(List.of(new ContentBlock.ToolCall("call_abc", "get_weather", "{\"city\":\"Oslo\"}"),
                new ContentBlock.ToolCall("call_1", "get_time", "{}"),
                new ContentBlock.ToolCall("call_2", "get_date", "{\"tz\":\"UTC\"}")), reply.content());
        assertEquals(List.<ChatStreamEvent>of(
                new ChatStreamEvent.ToolCallStarted(0, "call_abc", "get_weather"),
                new ChatStreamEvent.ToolCallDelta(0, "{\"city\":\"Oslo\"}"),
                new ChatStreamEvent.ToolCallStarted(1, "call_1", "get_time"),
                new ChatStreamEvent.ToolCallDelta(1, "{}"),
                new ChatStreamEvent.ToolCallStarted(2, "call_2", "get_date"),
                new ChatStreamEvent.ToolCallDelta(2, "{\"tz\":\"UTC\"}")), recorder.events);
        assertEquals(StopReason.TOOL_USE, reply.stopReason());
    }

    @Test
    void anErrorObjectRatherThanAStringIsQuoted() {
        ProviderReply reply = replay(lines(content("x"), "{\"error\":{\"message\":\"out of memory\"}}"));

        assertEquals(Kind.UNAVAILABLE, reply.error().kind());
        assertEquals("ollama failed in the middle of the reply: {\"message\":\"out of memory\"}", reply.error().message());
    }

    @Test
    void aWholeReplyInOneJsonObjectIsReadToo() {
        server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json; charset=utf-8")
                .body("{\"model\":\"llama3.2\",\"message\":{\"role\":\"assistant\",\"content\":\"Hi there.\"},\"done\":true,"
                        + "\"done_reason\":\"stop\",\"prompt_eval_count\":9,\"eval_count\":4}").build());

        ProviderReply reply = adapter(server.url("/").uri()).stream(ask("hi"), recorder, noCancel());

        assertNull(reply.error());
        assertEquals(List.of(new ContentBlock.Text("Hi there.")), reply.content());
        assertEquals(new Usage(9, 4, 0), reply.usage());
    }
}
