package dev.mosaic.adapters.out.providers.openai;

import static dev.mosaic.adapters.out.providers.ProviderFixtures.CLIENT;
import static dev.mosaic.adapters.out.providers.ProviderFixtures.noCancel;
import static dev.mosaic.adapters.out.providers.ProviderFixtures.sse;
import static dev.mosaic.adapters.out.providers.openai.Fixtures.adapter;
import static dev.mosaic.adapters.out.providers.openai.Fixtures.ask;
import static dev.mosaic.adapters.out.providers.openai.Fixtures.config;
import static dev.mosaic.adapters.out.providers.openai.Fixtures.events;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.mosaic.adapters.out.providers.MockServerTest;
import dev.mosaic.adapters.out.providers.ProviderFixtures;
import dev.mosaic.application.Secret;
import dev.mosaic.application.port.out.provider.ChatStreamEvent;
import dev.mosaic.application.port.out.provider.ProviderError.Kind;
import dev.mosaic.application.port.out.provider.ProviderReply;
import dev.mosaic.domain.conversation.ContentBlock;
import dev.mosaic.domain.conversation.StopReason;
import dev.mosaic.domain.conversation.Usage;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.Test;

/** Streams that go wrong, and streams that look odd but are fine. */
class StreamFailureTest extends MockServerTest {

    private static final String OPENING = "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"gpt-4o\","
            + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}";

    private final ProviderFixtures.Recorder recorder = new ProviderFixtures.Recorder();

    private static String content(String text) {
        return "{\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + text + "\"},\"finish_reason\":null}]}";
    }

    private static String finish(String reason) {
        return "{\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"" + reason + "\"}]}";
    }

    private ProviderReply replay(String body) {
        server.enqueue(sse(body));
        return adapter(server.url("/v1").uri()).stream(ask("hi"), recorder, noCancel());
    }

    @Test
    void aFinishReasonWithoutDoneIsAcceptedAsComplete() {
        ProviderReply reply = replay(events(OPENING, content("Hello"), finish("length")));

        assertNull(reply.error());
        assertEquals(List.of(new ContentBlock.Text("Hello")), reply.content());
        assertEquals(StopReason.MAX_TOKENS, reply.stopReason());
    }

    @Test
    void unknownFieldsEventsAndChunkShapesAreIgnored() {
        ProviderReply reply = replay(": keep-alive comment\n\n"
                + "event: ping\ndata: {\"type\":\"ping\"}\n\n"
                + events(
                        "{\"object\":\"something.new\",\"surprise\":{\"deep\":[1,2,3]}}",
                        "42",
                        "[\"an\",\"array\"]",
                        "{\"choices\":null,\"usage\":null}",
                        "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"A\",\"audio\":{\"id\":\"x\"},\"annotations\":[]},"
                                + "\"logprobs\":{\"content\":[]},\"finish_reason\":null,\"extra\":true}],\"service_tier\":\"default\"}",
                        "{\"choices\":[{\"index\":1,\"delta\":{\"content\":\"other choice\"}}]}",
                        "{\"choices\":[{\"index\":0,\"delta\":{\"content\":null,\"tool_calls\":null,\"refusal\":null}}]}",
                        "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"B\"},\"finish_reason\":\"stop\"}]}",
                        "{\"choices\":[],\"usage\":{\"prompt_tokens\":20,\"completion_tokens\":2,\"prompt_tokens_details\":"
                                + "{\"cached_tokens\":12,\"audio_tokens\":0},\"novel_counter\":7}}",
                        "[DONE]"));

        assertNull(reply.error());
        assertEquals(List.of(new ContentBlock.Text("AB")), reply.content());
        assertEquals(StopReason.END_TURN, reply.stopReason());
        assertEquals(new Usage(20, 2, 12), reply.usage());
        assertEquals("gpt-4o", reply.model(), "without a model in the chunks, the one asked for");
    }

    @Test
    void twoChunksGluedIntoOneEventAreBothRead() {
        ProviderReply reply = replay(events(OPENING, content("one") + content(" two"), finish("stop"), "[DONE]"));

        assertNull(reply.error());
        assertEquals(List.of("one", " two"), recorder.textDeltas());
    }

    @Test
    void finishReasonsMapToStopReasons() {
        assertEquals(StopReason.CONTENT_FILTER, replay(events(OPENING, content("x"), finish("content_filter"), "[DONE]")).stopReason());
        assertEquals(StopReason.TOOL_USE, replay(events(OPENING, finish("function_call"), "[DONE]")).stopReason());
        assertEquals(StopReason.END_TURN, replay(events(OPENING, content("x"), finish("something_new"), "[DONE]")).stopReason());
    }

    @Test
    void aRefusalIsTextWithTheRefusalStopReason() {
        ProviderReply reply = replay(events(OPENING,
                "{\"choices\":[{\"index\":0,\"delta\":{\"refusal\":\"I can't\"}}]}",
                "{\"choices\":[{\"index\":0,\"delta\":{\"refusal\":\" help with that.\"}}]}",
                finish("stop"), "[DONE]"));

        assertNull(reply.error());
        assertEquals(List.of(new ContentBlock.Text("I can't help with that.")), reply.content());
        assertEquals(StopReason.REFUSAL, reply.stopReason());
        assertEquals("I can't help with that.", recorder.text());
    }

    @Test
    void parallelToolCallsAreAssembledByIndexInArrivalOrder() {
        ProviderReply reply = replay(events(OPENING, content("Checking both."),
                "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"call_a\",\"type\":\"function\","
                        + "\"function\":{\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\"}}]}}]}",
                "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":1,\"id\":\"call_b\",\"type\":\"function\","
                        + "\"function\":{\"name\":\"get_time\",\"arguments\":\"\"}}]}}]}",
                "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":1,\"function\":{\"arguments\":\"{}\"}}]}}]}",
                "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"\\\"Oslo\\\"}\"}}]}}]}",
                finish("tool_calls"), "[DONE]"));

        assertNull(reply.error());
        assertEquals(List.of(new ContentBlock.Text("Checking both."),
                new ContentBlock.ToolCall("call_a", "get_weather", "{\"city\":\"Oslo\"}"),
                new ContentBlock.ToolCall("call_b", "get_time", "{}")), reply.content());
        assertEquals(List.<ChatStreamEvent>of(new ChatStreamEvent.TextDelta("Checking both."),
                new ChatStreamEvent.ToolCallStarted(0, "call_a", "get_weather"),
                new ChatStreamEvent.ToolCallDelta(0, "{\"city\":"),
                new ChatStreamEvent.ToolCallStarted(1, "call_b", "get_time"),
                new ChatStreamEvent.ToolCallDelta(1, "{}"),
                new ChatStreamEvent.ToolCallDelta(0, "\"Oslo\"}")), recorder.events);
        assertEquals(StopReason.TOOL_USE, reply.stopReason());
    }

    @Test
    void aSuccessfulResponseThatIsNotAnEventStreamIsMalformed() {
        server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
                .body("{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\"}").build());

        ProviderReply reply = adapter(server.url("/v1").uri()).stream(ask("hi"), recorder, noCancel());

        assertEquals(Kind.MALFORMED_RESPONSE, reply.error().kind());
        assertEquals("openai answered HTTP 200 with content type 'application/json' instead of an event stream",
                reply.error().message());
    }

    @Test
    void keepAliveCommentsCountAsSignsOfLife() {
        server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "text/event-stream")
                .body(": OPENROUTER PROCESSING\n\n".repeat(30) + events(OPENING, content("late"), finish("stop"), "[DONE]"))
                .throttleBody(25, 30, TimeUnit.MILLISECONDS).build());
        OpenAiChatCompletionsAdapter adapter = new OpenAiChatCompletionsAdapter(config(server.url("/v1").uri())
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofMillis(300)), CLIENT);

        // About a second of keep-alive comments before the first event, one every 30 ms: never 300 ms of
        // silence, though no event arrives for three times the idle timeout.
        ProviderReply reply = adapter.stream(ask("hi"), recorder, noCancel());

        assertNull(reply.error(), () -> reply.error().message());
        assertEquals(List.of(new ContentBlock.Text("late")), reply.content());
    }

    @Test
    void aKeylessEndpointGetsNoAuthorizationHeader() throws InterruptedException {
        server.enqueue(sse(events(OPENING, content("hi"), finish("stop"), "[DONE]")));
        OpenAiChatCompletionsAdapter ollama = new OpenAiChatCompletionsAdapter(
                OpenAiChatConfig.of("ollama", server.url("/v1").uri(), Secret.ofNullable(null)), CLIENT);

        ProviderReply reply = ollama.stream(ask("hi"), recorder, noCancel());

        assertNull(reply.error());
        assertNull(server.takeRequest().getHeaders().get("Authorization"));
    }
}
