package dev.mosaic.simulator;

import dev.mosaic.testsupport.ReferenceFiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code POST /v1/messages} against the Anthropic reference transcripts. */
class AnthropicMessagesTest extends SimulatorTestBase {
    private static final TestProtocol ANTHROPIC = TestProtocol.ANTHROPIC;

    private HttpResponse<String> ask(ObjectNode body) {
        return ask(ANTHROPIC, body);
    }

    private List<Wire.Event> stream(String... roleThenText) {
        return sseEvents(ask(ANTHROPIC.body(true, roleThenText)));
    }

    /** The reply a reference transcript streams: its thinking, text and tool call pieces, as they came. */
    private static Reply replyLike(List<Wire.Event> reference) {
        ReplyPieces pieces = new ReplyPieces();
        for (Wire.Event event : reference) {
            JsonNode data = event.data();
            if (event.type().equals("content_block_start") && data.at("/content_block/type").asText().equals("tool_use")) {
                pieces.call(data.path("content_block"));
            }
            JsonNode delta = data.path("delta");
            switch (delta.path("type").asText()) {
                case "thinking_delta" -> pieces.thinking.add(delta.path("thinking").asText());
                case "text_delta" -> pieces.text.add(delta.path("text").asText());
                case "input_json_delta" -> pieces.fragment(delta.path("partial_json").asText());
                default -> { }
            }
        }
        return pieces.reply("id");
    }

    /**
     * Same events in the same order, with the same blocks, deltas and stop reason; only ids, usage
     * numbers and signatures may differ. Pings may appear anywhere, so they are compared only when
     * the reference has one.
     */
    private static void assertStreamsLike(List<Wire.Event> reference, List<Wire.Event> ours) {
        boolean referencePings = reference.stream().anyMatch(e -> e.type().equals("ping"));
        assertEquals(1, ours.stream().filter(e -> e.type().equals("ping")).count(), "one ping");
        List<Wire.Event> compared = referencePings ? ours : ours.stream().filter(e -> !e.type().equals("ping")).toList();
        assertEquals(Wire.types(reference), Wire.types(compared));
        for (int i = 0; i < reference.size(); i++) {
            JsonNode expected = reference.get(i).data();
            JsonNode actual = compared.get(i).data();
            assertTrue(Wire.keys(actual).containsAll(Wire.keys(expected)), () -> actual + " lacks fields of " + expected);
            assertEquals(expected.path("index"), actual.path("index"));
            assertEquals(expected.path("content_block"), actual.path("content_block"));
            if (expected.at("/delta/type").asText().equals("signature_delta")) {
                assertFalse(actual.at("/delta/signature").asText().isEmpty());
            } else if (expected.has("delta") && expected.at("/delta/stop_reason").isMissingNode()) {
                assertEquals(expected.path("delta"), actual.path("delta"));
            }
            assertEquals(expected.at("/delta/stop_reason"), actual.at("/delta/stop_reason"));
            if (expected.has("message")) {
                assertTrue(Wire.keys(actual.path("message")).containsAll(Wire.keys(expected.path("message"))));
                assertTrue(Wire.keys(actual.at("/message/usage")).containsAll(Wire.keys(expected.at("/message/usage"))));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"anthropic-stream-text.sse", "anthropic-stream-thinking.sse", "anthropic-stream-tool-use.sse"})
    void streamsTheReferenceTranscriptsEventForEvent(String file) {
        start();
        List<Wire.Event> reference = Wire.events(ReferenceFiles.text(file));
        simulator.script(replyLike(reference));

        assertStreamsLike(reference, stream("user", "hi"));
    }

    @Test
    void defaultReplyStreamsOneTextBlockWithUsage() {
        start();
        List<Wire.Event> events = stream("system", "Be brief.", "user", "hello", "assistant", "hi there", "user",
                "how are you?");

        String expected = "(simulated reply) You said: \"how are you?\". This conversation has 3 messages.";
        int words = DefaultReplies.words(expected).size();
        List<String> types = new ArrayList<>(List.of("message_start", "content_block_start", "ping"));
        types.addAll(Collections.nCopies(words, "content_block_delta"));
        types.addAll(List.of("content_block_stop", "message_delta", "message_stop"));
        assertEquals(types, Wire.types(events));
        assertEquals(expected, Wire.joined(Wire.data(events), "/delta/text"));
        JsonNode start = events.getFirst().data().path("message");
        assertEquals("test-model", start.path("model").asText());
        assertEquals("assistant", start.path("role").asText());
        assertEquals(0, start.path("content").size());
        // "Be brief." + "hello" + "hi there" + "how are you?" = 34 characters, about 8 tokens.
        assertEquals(SimulatorClient.json("{\"input_tokens\":8,\"cache_creation_input_tokens\":0,"
                + "\"cache_read_input_tokens\":0,\"output_tokens\":1}"), start.path("usage"));
        JsonNode delta = events.get(events.size() - 2).data();
        assertEquals("end_turn", delta.at("/delta/stop_reason").asText());
        assertTrue(delta.at("/delta/stop_sequence").isNull());
        assertEquals(words, delta.at("/usage/output_tokens").asInt(), "cumulative output tokens");
    }

    @Test
    void scriptedThinkingTextAndToolUseStreamAsThreeBlocks() {
        start();
        simulator.script(Reply.text("Let me check.").withThinking("Hmm", ", weather.")
                .withToolCall("toolu_1", "get_weather", "", "{\"city\":", "\"Oslo\"}"));

        List<Wire.Event> events = stream("user", "weather in Oslo?");

        assertEquals(List.of("message_start",
                "content_block_start", "ping", "content_block_delta", "content_block_delta", "content_block_delta",
                "content_block_stop",
                "content_block_start", "content_block_delta", "content_block_stop",
                "content_block_start", "content_block_delta", "content_block_delta", "content_block_delta",
                "content_block_stop",
                "message_delta", "message_stop"), Wire.types(events));
        List<JsonNode> data = Wire.data(events);
        assertEquals("thinking", data.get(1).at("/content_block/type").asText());
        assertEquals("Hmm, weather.", Wire.joined(data.subList(3, 5), "/delta/thinking"));
        assertEquals("signature_delta", data.get(5).at("/delta/type").asText(), "the signature comes just before the stop");
        assertEquals(List.of(0, 0, 0, 0, 0), data.subList(1, 7).stream().filter(d -> d.has("index"))
                .map(d -> d.path("index").asInt()).toList());
        assertEquals(1, data.get(7).path("index").asInt());
        assertEquals("Let me check.", data.get(8).at("/delta/text").asText());
        assertEquals(SimulatorClient.json("{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"get_weather\",\"input\":{}}"),
                data.get(10).path("content_block"));
        assertEquals(2, data.get(10).path("index").asInt());
        assertEquals(SimulatorClient.json("{\"city\":\"Oslo\"}"),
                SimulatorClient.json(Wire.joined(data.subList(11, 14), "/delta/partial_json")));
        assertEquals("tool_use", data.get(15).at("/delta/stop_reason").asText());
        assertEquals(2 + 1 + 4, data.get(15).at("/usage/output_tokens").asInt());
    }

    @Test
    void nonStreamingRequestGetsOneMessage() {
        start();
        simulator.script(Reply.text("Let me ", "check.").withThinking("Hmm").withToolCall("toolu_1", "get_weather",
                "{\"city\":", "\"Oslo\"}"));

        HttpResponse<String> response = ask(ANTHROPIC.body(false, "system", "Be brief.", "user", "weather?"));

        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("content-type").orElseThrow().startsWith("application/json"));
        assertEquals("req_sim1", response.headers().firstValue("request-id").orElseThrow());
        JsonNode message = SimulatorClient.json(response.body());
        assertEquals("message", message.path("type").asText());
        assertEquals("msg_sim1", message.path("id").asText());
        assertEquals("assistant", message.path("role").asText());
        assertEquals("test-model", message.path("model").asText());
        JsonNode content = message.path("content");
        assertEquals(3, content.size());
        assertEquals("Hmm", content.at("/0/thinking").asText());
        assertFalse(content.at("/0/signature").asText().isEmpty());
        assertEquals(SimulatorClient.json("{\"type\":\"text\",\"text\":\"Let me check.\"}"), content.get(1));
        assertEquals(SimulatorClient.json("{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"get_weather\","
                + "\"input\":{\"city\":\"Oslo\"}}"), content.get(2));
        assertEquals("tool_use", message.path("stop_reason").asText());
        assertTrue(message.path("stop_sequence").isNull());
        assertEquals(SimulatorClient.json("{\"input_tokens\":4,\"cache_creation_input_tokens\":0,"
                + "\"cache_read_input_tokens\":0,\"output_tokens\":6}"), message.path("usage"));
    }

    @Test
    void lengthFinishIsMaxTokens() {
        start();
        simulator.script(Reply.text("cut").withFinishReason("length"));

        JsonNode message = SimulatorClient.json(ask(ANTHROPIC.body(false, "user", "hi")).body());

        assertEquals("max_tokens", message.path("stop_reason").asText());
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 401, 403, 404, 413, 429, 500, 503, 529})
    void scriptedErrorsAreRewrappedInAnthropicsEnvelopeByStatus(int status) {
        start();
        simulator.script(Reply.httpError(status, OpenAiErrors.body("failure " + status, "server_error", null, null))
                .withHeader("x-should-retry", "true"));

        HttpResponse<String> response = ask(ANTHROPIC.body(true, "user", "hi"));

        assertEquals(status, response.statusCode());
        JsonNode body = SimulatorClient.json(response.body());
        assertEquals(Wire.keys(ReferenceFiles.json("anthropic-error-529.json").path("body")), Wire.keys(body));
        String type = switch (status) {
            case 400 -> "invalid_request_error";
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 413 -> "request_too_large";
            case 429 -> "rate_limit_error";
            case 529 -> "overloaded_error";
            default -> "api_error";
        };
        assertEquals(type, body.at("/error/type").asText());
        assertEquals("failure " + status, body.at("/error/message").asText());
        assertEquals(response.headers().firstValue("request-id").orElseThrow(), body.path("request_id").asText());
        assertEquals("true", response.headers().firstValue("x-should-retry").orElseThrow());
    }

    @Test
    void aScriptedErrorAlreadyInAnthropicsEnvelopeIsSentAsItIs() {
        start();
        String overloaded = ReferenceFiles.json("anthropic-error-529.json").path("body").toString();
        simulator.script(Reply.httpError(529, overloaded));

        HttpResponse<String> response = ask(ANTHROPIC.body(true, "user", "hi"));

        assertEquals(529, response.statusCode());
        assertEquals(SimulatorClient.json(overloaded), SimulatorClient.json(response.body()));
    }

    @Test
    void midStreamErrorIsAnErrorEventLikeTheReference() {
        start();
        List<Wire.Event> reference = Wire.events(ReferenceFiles.text("anthropic-error-overloaded-midstream.sse"));
        simulator.script(Reply.text("Hello", "!").midStreamError(1, "Overloaded"));

        List<Wire.Event> events = stream("user", "hi");

        assertEquals(Wire.types(reference), Wire.types(events));
        assertEquals(reference.getLast().data(), events.getLast().data());
        assertEquals("Hello", Wire.joined(Wire.data(events), "/delta/text"));
    }

    @Test
    void truncatedStreamStopsWithoutClosingTheBlockOrTheMessage() {
        start();
        simulator.script(Reply.text("a", "b", "c").truncate(2));

        List<Wire.Event> events = stream("user", "hi");

        assertEquals(List.of("message_start", "content_block_start", "ping", "content_block_delta", "content_block_delta"),
                Wire.types(events));
    }

    @Test
    void theKeyComesInXApiKeyOrAsBearerAndTheVersionHeaderIsOptional() {
        start(SimulatorOptions.defaults().withTokenDelay(Duration.ZERO).withApiKey("right-key"));
        String body = ANTHROPIC.body(true, "user", "hi").toString();
        HttpRequest.Builder request = client.unauthenticated("/v1/messages").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));

        HttpResponse<String> xApiKey = client.send(request.copy().header("x-api-key", "right-key").build());
        HttpResponse<String> bearer = client.send(request.copy().header("Authorization", "Bearer right-key").build());
        HttpResponse<String> missing = client.send(request.copy().build());
        HttpResponse<String> wrong = client.send(request.copy().header("x-api-key", "wrong-key").build());

        assertEquals(200, xApiKey.statusCode());
        assertTrue(xApiKey.body().contains("message_stop"));
        assertEquals(200, bearer.statusCode());
        assertEquals(401, missing.statusCode());
        assertEquals("authentication_error", SimulatorClient.json(missing.body()).at("/error/type").asText());
        assertEquals("x-api-key header is required", ANTHROPIC.errorMessage(SimulatorClient.json(missing.body())));
        assertEquals(401, wrong.statusCode());
        assertEquals(ReferenceFiles.json("anthropic-error-401.json").at("/body/error"),
                SimulatorClient.json(wrong.body()).path("error"));
        assertEquals(RecordedRequest.REDACTED, simulator.requests().getFirst().header("x-api-key"));
    }

    @Test
    void requestsWithoutModelMaxTokensOrMessagesAreRejected() {
        start();
        ObjectNode noMaxTokens = ANTHROPIC.body(true, "user", "hi");
        noMaxTokens.remove("max_tokens");
        ObjectNode noMessages = ANTHROPIC.body(true);

        HttpResponse<String> missing = ask(noMaxTokens);
        HttpResponse<String> empty = ask(noMessages);
        HttpResponse<String> malformed = client.send(ANTHROPIC.request(client)
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":")).build());

        assertEquals(400, missing.statusCode());
        assertEquals("invalid_request_error", SimulatorClient.json(missing.body()).at("/error/type").asText());
        assertEquals("max_tokens: Field required", ANTHROPIC.errorMessage(SimulatorClient.json(missing.body())));
        assertEquals(400, empty.statusCode());
        assertEquals(400, malformed.statusCode());
        assertEquals("invalid_request_error", SimulatorClient.json(malformed.body()).at("/error/type").asText());
    }

    @Test
    void aToolResultIsNoMessageOfThePersonSoDirectivesBeforeItAreIgnoredAndTheResultIsNamed() {
        start();
        ObjectNode body = ANTHROPIC.body(true, "system", "Use tools.", "user", "#sim:error-500 weather?");
        ObjectNode call = body.withArrayProperty("messages").addObject().put("role", "assistant");
        call.putArray("content").addObject().put("type", "tool_use").put("id", "toolu_1").put("name", "get_weather")
                .putObject("input").put("city", "Paris");
        ObjectNode result = body.withArrayProperty("messages").addObject().put("role", "user");
        result.putArray("content").addObject().put("type", "tool_result").put("tool_use_id", "toolu_1")
                .put("content", "sunny");

        HttpResponse<String> response = ask(body);

        assertEquals(200, response.statusCode());
        assertEquals("(simulated reply) Tool results: get_weather gave \"sunny\". This conversation has 2 messages.",
                ANTHROPIC.read(response.body()).text());
    }

    @Test
    void modelsAreListedInAnthropicsShapeWhenTheRequestIsAnthropics() {
        start();
        HttpResponse<String> anthropic = client.send(client.unauthenticated("/v1/models").header("x-api-key", "k")
                .header("anthropic-version", "2023-06-01").GET().build());
        HttpResponse<String> openAi = client.send(client.request("/v1/models").GET().build());

        assertEquals(200, anthropic.statusCode());
        JsonNode list = SimulatorClient.json(anthropic.body());
        JsonNode reference = ReferenceFiles.json("anthropic-models-list.json");
        assertEquals(Wire.keys(reference), Wire.keys(list));
        assertEquals(Wire.keys(reference.at("/data/0")), Wire.keys(list.at("/data/0")));
        assertEquals("model", list.at("/data/0/type").asText());
        assertEquals(ProviderSimulator.MODEL, list.at("/data/0/id").asText());
        assertEquals(ProviderSimulator.MODEL, list.path("first_id").asText());
        assertFalse(list.path("has_more").asBoolean());
        assertEquals(Set.of("object", "data"), Wire.keys(SimulatorClient.json(openAi.body())));
    }
}
