package dev.mosaic.adapters.out.providers.openai;

import static dev.mosaic.adapters.out.providers.openai.Fixtures.CLIENT;
import static dev.mosaic.adapters.out.providers.openai.Fixtures.adapter;
import static dev.mosaic.adapters.out.providers.openai.Fixtures.ask;
import static dev.mosaic.adapters.out.providers.openai.Fixtures.config;
import static dev.mosaic.adapters.out.providers.openai.Fixtures.events;
import static dev.mosaic.adapters.out.providers.openai.Fixtures.noCancel;
import static dev.mosaic.adapters.out.providers.openai.Fixtures.sse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.application.Secret;
import dev.mosaic.application.port.out.provider.Cancellation;
import dev.mosaic.application.port.out.provider.ChatStreamEvent;
import dev.mosaic.application.port.out.provider.ProviderError.Kind;
import dev.mosaic.application.port.out.provider.ProviderReply;
import dev.mosaic.domain.conversation.ContentBlock;
import dev.mosaic.domain.conversation.StopReason;
import dev.mosaic.domain.conversation.Usage;
import dev.mosaic.simulator.ProviderSimulator;
import dev.mosaic.simulator.Reply;
import dev.mosaic.simulator.SimulatorOptions;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Streams that go wrong, and streams that look odd but are fine. */
class StreamFailureTest {

    private static final String OPENING = "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"gpt-4o\","
            + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}";

    private final MockWebServer server = new MockWebServer();
    private final Fixtures.Recorder recorder = new Fixtures.Recorder();

    @BeforeEach
    void start() throws IOException {
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

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
    void aStreamEndingWithoutFinishOrDoneEndedEarly() {
        ProviderReply reply = replay(events(OPENING, content("Hello"), content(" wor")));

        assertEquals(List.of(new ContentBlock.Text("Hello wor")), reply.content());
        assertEquals(Kind.MALFORMED_RESPONSE, reply.error().kind());
        assertTrue(reply.error().message().startsWith("openai stream ended early"), reply.error().message());
        assertEquals(StopReason.ERROR, reply.stopReason());
    }

    @Test
    void aFinishReasonWithoutDoneIsAcceptedAsComplete() {
        ProviderReply reply = replay(events(OPENING, content("Hello"), finish("length")));

        assertNull(reply.error());
        assertEquals(List.of(new ContentBlock.Text("Hello")), reply.content());
        assertEquals(StopReason.MAX_TOKENS, reply.stopReason());
    }

    @Test
    void aDataLineThatIsNotJsonFailsTheReply() {
        ProviderReply reply = replay(events(OPENING, content("Hi"), "this is {not json", content(" there"), "[DONE]"));

        assertEquals(Kind.MALFORMED_RESPONSE, reply.error().kind());
        assertEquals("openai sent a stream event that is not JSON: this is {not json", reply.error().message());
        assertEquals(List.of(new ContentBlock.Text("Hi")), reply.content());
        assertEquals(List.of("Hi"), recorder.textDeltas(), "nothing after the garbage reaches the listener");
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
    void noHeadersWithinTheFirstByteTimeoutIsATimeout() {
        server.enqueue(new MockResponse.Builder().headersDelay(5, TimeUnit.SECONDS).code(200)
                .addHeader("Content-Type", "text/event-stream").body(events(OPENING, finish("stop"), "[DONE]")).build());
        OpenAiChatCompletionsAdapter impatient = new OpenAiChatCompletionsAdapter(config(server.url("/v1").uri())
                .withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(300), Duration.ofSeconds(5)), CLIENT);

        long started = System.nanoTime();
        ProviderReply reply = impatient.stream(ask("hi"), recorder, noCancel());

        assertEquals(Kind.TIMEOUT, reply.error().kind());
        assertTrue(reply.error().retryable());
        assertEquals("openai did not answer within 300 ms (no response headers from " + server.url("/v1").uri()
                + "; first-byte timeout)", reply.error().message());
        assertTrue(Duration.ofNanos(System.nanoTime() - started).toMillis() < 3000);
    }

    @Test
    void silenceInTheMiddleOfAStreamIsAnIdleTimeoutKeepingThePartialReply() {
        try (ProviderSimulator simulator = ProviderSimulator.start(SimulatorOptions.defaults().withTokenDelay(Duration.ZERO))) {
            simulator.script(Reply.text("Hello", " there", " friend").hang(2));
            OpenAiChatCompletionsAdapter impatient = new OpenAiChatCompletionsAdapter(config(simulator.baseUrl())
                    .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofMillis(400)), CLIENT);

            long started = System.nanoTime();
            ProviderReply reply = impatient.stream(ask("hi"), recorder, noCancel());
            long elapsed = Duration.ofNanos(System.nanoTime() - started).toMillis();

            assertEquals(Kind.TIMEOUT, reply.error().kind());
            assertEquals("openai sent nothing for 400 ms in the middle of the reply (idle timeout)", reply.error().message());
            assertEquals(List.of(new ContentBlock.Text("Hello there")), reply.content());
            assertEquals(StopReason.ERROR, reply.stopReason());
            assertTrue(elapsed >= 400 && elapsed < 3000, "took " + elapsed + " ms");
        }
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
    void aRefusedConnectionNamesTheBaseUrl() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        URI base = URI.create("http://127.0.0.1:" + port + "/v1");

        ProviderReply reply = adapter(base).stream(ask("hi"), recorder, noCancel());

        assertEquals(Kind.UNAVAILABLE, reply.error().kind());
        assertTrue(reply.error().retryable());
        assertTrue(reply.error().message().startsWith("cannot reach openai at " + base + ": connection refused"),
                reply.error().message());
        assertEquals(StopReason.ERROR, reply.stopReason());
    }

    @Test
    void anUnknownHostNamesTheHost() {
        URI base = URI.create("http://mosaic-no-such-host.invalid/v1");

        ProviderReply reply = adapter(base).stream(ask("hi"), recorder, noCancel());

        assertEquals(Kind.UNAVAILABLE, reply.error().kind());
        assertEquals("cannot reach openai at " + base + ": unknown host mosaic-no-such-host.invalid", reply.error().message());
    }

    @Test
    void cancellingMidStreamAbortsWithThePartialReply() {
        try (ProviderSimulator simulator = ProviderSimulator.start(SimulatorOptions.defaults())) {
            simulator.script(Reply.text("one", " two", " three", " four", " five").withTokenDelay(Duration.ofMillis(150)));
            Cancellation cancellation = new Cancellation();
            Fixtures.Recorder cancelling = new Fixtures.Recorder(event -> {
                if (event.equals(new ChatStreamEvent.TextDelta(" two"))) {
                    cancellation.cancel();
                }
            });

            ProviderReply reply = Fixtures.adapter(simulator.baseUrl()).stream(ask("hi"), cancelling, cancellation);

            assertEquals(Kind.ABORTED, reply.error().kind());
            assertEquals(StopReason.ABORTED, reply.stopReason());
            assertEquals(List.of(new ContentBlock.Text("one two")), reply.content());
            assertEquals(List.of("one", " two"), cancelling.textDeltas(), "nothing reaches the listener after the cancel");
        }
    }

    @Test
    void cancellingFromAnotherThreadStopsAHangingStream() throws Exception {
        try (ProviderSimulator simulator = ProviderSimulator.start(SimulatorOptions.defaults().withTokenDelay(Duration.ZERO))) {
            simulator.script(Reply.text("partial", " more").hang(1));
            Cancellation cancellation = new Cancellation();
            Thread.ofVirtual().start(() -> {
                try {
                    Thread.sleep(300);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                cancellation.cancel();
            });

            ProviderReply reply = Fixtures.adapter(simulator.baseUrl()).stream(ask("hi"), recorder, cancellation);

            assertEquals(Kind.ABORTED, reply.error().kind());
            assertEquals(List.of(new ContentBlock.Text("partial")), reply.content());
        }
    }

    @Test
    void aCallCancelledBeforeItStartsSendsNothing() {
        Cancellation cancellation = new Cancellation();
        cancellation.cancel();

        ProviderReply reply = adapter(server.url("/v1").uri()).stream(ask("hi"), recorder, cancellation);

        assertEquals(Kind.ABORTED, reply.error().kind());
        assertEquals(List.of(), reply.content());
        assertEquals(0, server.getRequestCount());
    }

    @Test
    void aListenerThatThrowsEndsTheReplyWithoutThrowing() {
        AtomicInteger calls = new AtomicInteger();
        Fixtures.Recorder throwing = new Fixtures.Recorder(event -> {
            if (calls.incrementAndGet() == 2) {
                throw new IllegalStateException("client went away");
            }
        });
        server.enqueue(sse(events(OPENING, content("a"), content("b"), content("c"), finish("stop"), "[DONE]")));

        ProviderReply reply = adapter(server.url("/v1").uri()).stream(ask("hi"), throwing, noCancel());

        assertEquals(Kind.UNKNOWN, reply.error().kind());
        assertTrue(reply.error().message().contains("client went away"), reply.error().message());
        assertEquals(List.of(new ContentBlock.Text("ab")), reply.content());
        assertEquals(2, calls.get());
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
