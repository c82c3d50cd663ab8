package dev.mosaic.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What every protocol shares: the default reply, the directives, scripts, failures, the observer and recording. */
class EveryProtocolTest extends SimulatorTestBase {

    private HttpResponse<String> ask(TestProtocol protocol, String... roleThenText) {
        return ask(protocol, protocol.body(true, roleThenText));
    }

    @ParameterizedTest
    @EnumSource(TestProtocol.class)
    void defaultReplyEchoesTheConversation(TestProtocol protocol) {
        start();
        HttpResponse<String> response = ask(protocol, "user", "hello", "assistant", "hi there", "user", "how are you?");

        assertEquals(200, response.statusCode());
        TestProtocol.Transcript transcript = protocol.read(response.body());
        assertEquals("(simulated reply) You said: \"how are you?\". This conversation has 3 messages.", transcript.text());
        assertEquals("", transcript.thinking());
        assertTrue(transcript.toolCalls().isEmpty());
        assertNull(transcript.error());
        assertTrue(transcript.complete());
    }

    @ParameterizedTest
    @EnumSource(TestProtocol.class)
    void thinkAndToolDirectivesAddReasoningAndAGetWeatherCall(TestProtocol protocol) {
        start();
        String said = "#sim:think #sim:tool";
        TestProtocol.Transcript transcript = protocol.read(ask(protocol, "user", said).body());

        assertEquals("The person wrote " + said.length() + " characters; I will repeat their words back to them.",
                transcript.thinking());
        assertEquals("(simulated reply) You said: \"" + said + "\". This conversation has 1 message.", transcript.text());
        assertEquals(List.of(new TestProtocol.ToolCallSeen("get_weather", SimulatorClient.json("{\"city\":\"Paris\"}"))),
                transcript.toolCalls());
        assertTrue(transcript.complete());
    }

    @ParameterizedTest
    @EnumSource(TestProtocol.class)
    void callDirectivesCallTheOfferedToolsTogetherInOneReply(TestProtocol protocol) {
        start();
        ObjectNode body = protocol.withTools(protocol.body(true, "system", "Use tools.", "user",
                "#sim:call current_time then #sim:call get_weather {\"city\": \"Oslo\"} and #sim:call search"),
                "current_time", "get_weather");

        TestProtocol.Transcript transcript = protocol.read(ask(protocol, body).body());

        assertEquals(List.of(new TestProtocol.ToolCallSeen("current_time", SimulatorClient.json("{}")),
                new TestProtocol.ToolCallSeen("get_weather", SimulatorClient.json("{\"city\":\"Oslo\"}"))), transcript.toolCalls());
        assertEquals("(simulated reply) Not calling search: the request offers no tool of that name.", transcript.text());
        assertTrue(transcript.complete());
        assertEquals(List.of("current_time", "get_weather"), simulator.lastRequest().tools());
        assertEquals("Use tools.", simulator.lastRequest().systemPrompt());
    }

    @ParameterizedTest
    @EnumSource(TestProtocol.class)
    void brokenAndUnofferedCallsAreMadeOnRequest(TestProtocol protocol) {
        start();
        ObjectNode body = protocol.withTools(protocol.body(true, "user", "#sim:call-broken get_weather #sim:call-unoffered rm_rf"),
                "get_weather");

        TestProtocol.Transcript transcript = protocol.read(ask(protocol, body).body());

        assertEquals(List.of(new TestProtocol.ToolCallSeen("get_weather", TextNode.valueOf("{\"input\": \"cut o")),
                new TestProtocol.ToolCallSeen("rm_rf", SimulatorClient.json("{}"))), transcript.toolCalls());
        assertEquals("", transcript.text(), "a reply of calls only");
        assertTrue(transcript.complete());
    }

    @ParameterizedTest
    @EnumSource(TestProtocol.class)
    void errorDirectiveAnswersWithThatStatusInTheProtocolsEnvelope(TestProtocol protocol) {
        start();
        HttpResponse<String> limited = ask(protocol, "user", "try #sim:error-429 now");
        HttpResponse<String> unavailable = ask(protocol, "user", "#sim:error-503");

        assertEquals(429, limited.statusCode());
        assertEquals("1", limited.headers().firstValue("retry-after").orElseThrow());
        assertTrue(protocol.errorMessage(SimulatorClient.json(limited.body())).contains("#sim:error-429"));
        assertEquals(503, unavailable.statusCode());
        assertTrue(protocol.errorMessage(SimulatorClient.json(unavailable.body())).contains("#sim:error-503"));
    }

    @ParameterizedTest
    @EnumSource(TestProtocol.class)
    void scriptedOpenAiShapedErrorKeepsItsMessage(TestProtocol protocol) {
        start();
        simulator.script(Reply.httpError(400, OpenAiErrors.body("context too long", "invalid_request_error", null, null)));

        HttpResponse<String> response = ask(protocol, "user", "hi");

        assertEquals(400, response.statusCode());
        assertEquals("context too long", protocol.errorMessage(SimulatorClient.json(response.body())));
    }

    @ParameterizedTest
    @EnumSource(TestProtocol.class)
    void midStreamErrorDirectiveFailsAfterThreeChunks(TestProtocol protocol) {
        start();
        HttpResponse<String> response = ask(protocol, "user", "#sim:midstream-error please");

        assertEquals(200, response.statusCode());
        TestProtocol.Transcript transcript = protocol.read(response.body());
        assertEquals("(simulated reply) You", transcript.text());
        assertTrue(transcript.error().contains("#sim:midstream-error"), transcript::error);
        assertFalse(transcript.complete());
    }

    @ParameterizedTest
    @EnumSource(TestProtocol.class)
    void hangDirectiveSendsThreeChunksThenNothingUntilTheClientGivesUp(TestProtocol protocol) throws Exception {
        start();
        HttpRequest request = protocol.post(client, protocol.body(true, "user", "#sim:hang"));

        try (StreamedResponse stream = StreamedResponse.open(client, request)) {
            assertFalse(stream.awaitEnd(Duration.ofMillis(500)), "the response is still open when the client gives up");
            TestProtocol.Transcript transcript = protocol.read(String.join("\n", stream.received()) + "\n");
            assertEquals("(simulated reply) You", transcript.text());
            assertNull(transcript.error());
            assertFalse(transcript.complete());
        }
        CompletableFuture<HttpResponse<String>> whole = client.http().sendAsync(request, HttpResponse.BodyHandlers.ofString());
        assertThrows(TimeoutException.class, () -> whole.get(300, TimeUnit.MILLISECONDS));
        whole.cancel(true);
    }

    @ParameterizedTest
    @EnumSource(TestProtocol.class)
    void truncatedStreamEndsWithoutTheProtocolsEnd(TestProtocol protocol) {
        start();
        simulator.script(Reply.text("a", "b", "c").truncate(1));

        TestProtocol.Transcript transcript = protocol.read(ask(protocol, "user", "hi").body());

        assertEquals("a", transcript.text());
        assertNull(transcript.error());
        assertFalse(transcript.complete());
    }

    @ParameterizedTest
    @EnumSource(TestProtocol.class)
    void chunkObserverSeesEveryContentChunkWritten(TestProtocol protocol) {
        List<long[]> observed = Collections.synchronizedList(new ArrayList<>());
        start(SimulatorOptions.defaults().withTokenDelay(Duration.ZERO)
                .withChunkObserver((sequence, index, nanos) -> observed.add(new long[] {sequence, index})));
        simulator.script(Reply.text("a", "b").withThinking("t").withToolCall("call_1", "lookup", "{\"q\":", "1}"));

        TestProtocol.Transcript transcript = protocol.read(ask(protocol, "user", "hi").body());

        // One thinking, two text chunks and the call's start and two fragments; Ollama sends the call whole.
        int expected = protocol == TestProtocol.OLLAMA ? 4 : 6;
        assertEquals(expected, transcript.contentEvents());
        assertEquals(expected, observed.size());
        for (int i = 0; i < expected; i++) {
            assertEquals(simulator.lastRequest().sequence(), observed.get(i)[0]);
            assertEquals(i, observed.get(i)[1]);
        }
    }

    @ParameterizedTest
    @EnumSource(TestProtocol.class)
    void requestsAreRecordedByPathWithoutTheKey(TestProtocol protocol) {
        start();
        ask(protocol, "user", "hello");

        RecordedRequest recorded = simulator.lastRequest();
        assertEquals("POST", recorded.method());
        assertEquals(protocol.path, recorded.path());
        assertEquals(protocol.body(true, "user", "hello"), recorded.body());
        String key = protocol == TestProtocol.ANTHROPIC ? "x-api-key" : "authorization";
        assertEquals(RecordedRequest.REDACTED, recorded.header(key));
        HttpResponse<String> listed = client.send(HttpRequest.newBuilder(
                URI.create(simulator.rootUrl() + "/_simulator/requests")).GET().build());
        assertEquals(protocol.path, SimulatorClient.json(listed.body()).at("/0/path").asText());
        assertFalse(listed.body().contains("test-key"));
    }

    @ParameterizedTest
    @EnumSource(TestProtocol.class)
    void tokenDelaySpacesTheChunks(TestProtocol protocol) {
        start(SimulatorOptions.defaults().withTokenDelay(Duration.ofMillis(50)));
        simulator.script(Reply.text("a", "b", "c", "d"));

        long started = System.nanoTime();
        assertEquals("abcd", protocol.read(ask(protocol, "user", "hi").body()).text());

        assertTrue(Duration.ofNanos(System.nanoTime() - started).toMillis() >= 200);
    }

    @Test
    void oneScriptServesWhicheverProtocolAsksNext() {
        start();
        TestProtocol[] order = TestProtocol.values();
        for (TestProtocol protocol : order) {
            simulator.script(Reply.text("for ", protocol.name()));
        }

        for (TestProtocol protocol : order) {
            assertEquals("for " + protocol.name(), protocol.read(ask(protocol, "user", "hi").body()).text());
        }
        assertTrue(TestProtocol.OLLAMA.read(ask(TestProtocol.OLLAMA, "user", "hi").body()).text()
                .startsWith("(simulated reply)"), "then the default reply");
    }
}
