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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code POST /api/chat} against the Ollama reference transcripts. */
class OllamaChatTest extends SimulatorTestBase {
    private static final TestProtocol OLLAMA = TestProtocol.OLLAMA;

    private HttpResponse<String> ask(ObjectNode body) {
        return ask(OLLAMA, body);
    }

    private List<JsonNode> stream(String... roleThenText) {
        HttpResponse<String> response = ask(OLLAMA.body(true, roleThenText));
        assertEquals(200, response.statusCode(), response::body);
        assertEquals("application/x-ndjson", response.headers().firstValue("content-type").orElseThrow());
        return Wire.lines(response.body());
    }

    /** The reply a reference transcript streams: its thinking and content pieces and whole tool calls. */
    private static Reply replyLike(List<JsonNode> reference) {
        List<String> thinking = new ArrayList<>();
        List<String> text = new ArrayList<>();
        List<JsonNode> calls = new ArrayList<>();
        for (JsonNode line : reference.subList(0, reference.size() - 1)) {
            JsonNode message = line.path("message");
            if (message.has("thinking")) {
                thinking.add(message.path("thinking").asText());
            } else if (!message.path("content").asText().isEmpty()) {
                text.add(message.path("content").asText());
            }
            message.path("tool_calls").forEach(call -> calls.add(call.path("function")));
        }
        Reply reply = Reply.text(text.toArray(String[]::new)).withThinking(thinking.toArray(String[]::new));
        for (int i = 0; i < calls.size(); i++) {
            reply = reply.withToolCall("call_" + i, calls.get(i).path("name").asText(),
                    calls.get(i).path("arguments").toString());
        }
        return reply;
    }

    @ParameterizedTest
    @ValueSource(strings = {"ollama-chat-stream-modern.ndjson", "ollama-chat-stream-thinking.ndjson",
            "ollama-chat-stream-tools.ndjson"})
    void streamsTheReferenceTranscriptsLineForLineWithTheSameFields(String file) {
        start();
        List<JsonNode> reference = Wire.lines(ReferenceFiles.text(file));
        simulator.script(replyLike(reference));

        List<JsonNode> lines = stream("user", "hi");

        assertEquals(reference.size(), lines.size());
        for (int i = 0; i < reference.size(); i++) {
            JsonNode expected = reference.get(i);
            JsonNode actual = lines.get(i);
            assertEquals(Wire.keys(expected), Wire.keys(actual), actual::toString);
            assertEquals(expected.path("done"), actual.path("done"));
            assertEquals(expected.path("done_reason"), actual.path("done_reason"));
            assertEquals("test-model", actual.path("model").asText());
            Instant.parse(actual.path("created_at").asText());
            JsonNode expectedMessage = expected.path("message");
            JsonNode actualMessage = actual.path("message");
            assertEquals(Wire.keys(expectedMessage), Wire.keys(actualMessage));
            if (expectedMessage.has("tool_calls")) {
                JsonNode expectedFunction = expectedMessage.at("/tool_calls/0/function");
                JsonNode actualFunction = actualMessage.at("/tool_calls/0/function");
                assertTrue(Wire.keys(actualFunction).containsAll(Wire.keys(expectedFunction)));
                assertEquals(expectedFunction.path("name"), actualFunction.path("name"));
                assertTrue(actualFunction.path("arguments").isObject(), "arguments are an object, not a string");
                assertEquals(expectedFunction.path("arguments"), actualFunction.path("arguments"));
            } else {
                assertEquals(expectedMessage, actualMessage);
            }
        }
    }

    @Test
    void defaultReplyEndsWithTheCountsAndDurations() {
        start();
        List<JsonNode> lines = stream("system", "Be brief.", "user", "hello", "assistant", "hi there", "user",
                "how are you?");

        String expected = "(simulated reply) You said: \"how are you?\". This conversation has 3 messages.";
        int words = DefaultReplies.words(expected).size();
        assertEquals(words + 1, lines.size());
        assertEquals(expected, Wire.joined(lines, "/message/content"));
        lines.subList(0, words).forEach(line -> assertFalse(line.path("done").asBoolean()));
        JsonNode last = lines.getLast();
        assertTrue(last.path("done").asBoolean());
        assertEquals("stop", last.path("done_reason").asText());
        assertEquals(8, last.path("prompt_eval_count").asInt(), "34 characters, about 8 tokens");
        assertEquals(words, last.path("eval_count").asInt());
        long phases = 0;
        for (String duration : List.of("load_duration", "prompt_eval_duration", "eval_duration")) {
            assertTrue(last.path(duration).asLong() > 0, duration);
            phases += last.path(duration).asLong();
        }
        assertEquals(phases, last.path("total_duration").asLong());
    }

    @Test
    void nonStreamingRequestGetsOneObjectWithTheWholeMessage() {
        start();
        simulator.script(Reply.text("Let me ", "check.").withThinking("Hmm", "...")
                .withToolCall("call_1", "get_weather", "{\"city\":", "\"Oslo\"}"));

        HttpResponse<String> response = ask(OLLAMA.body(false, "user", "weather?"));

        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("content-type").orElseThrow().startsWith("application/json"));
        JsonNode reply = SimulatorClient.json(response.body());
        JsonNode reference = Wire.lines(ReferenceFiles.text("ollama-chat-stream-modern.ndjson")).getLast();
        assertEquals(Wire.keys(reference), Wire.keys(reply));
        assertEquals(SimulatorClient.json("{\"role\":\"assistant\",\"content\":\"Let me check.\",\"thinking\":\"Hmm...\","
                + "\"tool_calls\":[{\"id\":\"call_1\",\"function\":{\"index\":0,\"name\":\"get_weather\","
                + "\"arguments\":{\"city\":\"Oslo\"}}}]}"), reply.path("message"));
        assertTrue(reply.path("done").asBoolean());
        assertEquals("stop", reply.path("done_reason").asText(), "Ollama ends tool calls with stop too");
        assertEquals(2 + 2 + 3, reply.path("eval_count").asInt(), "a token a chunk, though the call went whole");
    }

    @Test
    void lengthFinishIsTheDoneReason() {
        start();
        simulator.script(Reply.text("cut").withFinishReason("length"));

        assertEquals("length", stream("user", "hi").getLast().path("done_reason").asText());
    }

    @Test
    void midStreamErrorIsAnErrorLineLikeTheReference() {
        start();
        simulator.script(Reply.text("a", "b", "c").midStreamError(2, "an error was encountered while running the model"));

        List<JsonNode> lines = stream("user", "hi");

        List<JsonNode> reference = Wire.lines(ReferenceFiles.text("ollama-error-midstream.ndjson"));
        assertEquals(3, lines.size());
        assertEquals(reference.getLast(), lines.getLast());
        assertEquals("ab", Wire.joined(lines, "/message/content"));
        assertFalse(lines.stream().anyMatch(line -> line.path("done").asBoolean()));
    }

    @Test
    void httpErrorsAreOllamasErrorObject() {
        start();
        HttpResponse<String> notFound = ask(OLLAMA.body(true, "user", "#sim:error-404"));
        simulator.script(Reply.httpError(500, ReferenceFiles.json("ollama-errors.json").at("/generic/body").toString()));
        HttpResponse<String> failed = ask(OLLAMA.body(true, "user", "hi"));
        ObjectNode noModel = OLLAMA.body(true, "user", "hi");
        noModel.remove("model");
        HttpResponse<String> missingModel = ask(noModel);

        assertEquals(404, notFound.statusCode());
        assertTrue(OLLAMA.errorMessage(SimulatorClient.json(notFound.body())).contains("#sim:error-404"));
        assertEquals(500, failed.statusCode());
        assertEquals(ReferenceFiles.json("ollama-errors.json").at("/generic/body"), SimulatorClient.json(failed.body()));
        assertEquals(400, missingModel.statusCode());
        assertEquals("model is required", OLLAMA.errorMessage(SimulatorClient.json(missingModel.body())));
    }

    @Test
    void noKeyIsNeededUnlessTheSimulatorHasOneThenItIsABearerKey() {
        start();
        HttpRequest.Builder anonymous = client.unauthenticated("/api/chat")
                .POST(HttpRequest.BodyPublishers.ofString(OLLAMA.body(false, "user", "hi").toString()));
        assertEquals(200, client.send(anonymous.build()).statusCode(), "a local Ollama asks for no key");
        simulator.close();

        start(SimulatorOptions.defaults().withTokenDelay(Duration.ZERO).withApiKey("right-key"));
        String body = OLLAMA.body(false, "user", "hi").toString();
        HttpRequest.Builder chat = client.unauthenticated("/api/chat").POST(HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> missing = client.send(chat.copy().build());
        HttpResponse<String> wrong = client.send(chat.copy().header("Authorization", "Bearer wrong").build());
        HttpResponse<String> right = client.send(chat.copy().header("Authorization", "Bearer right-key").build());
        HttpResponse<String> tags = client.send(client.unauthenticated("/api/tags").GET().build());

        assertEquals(401, missing.statusCode());
        assertEquals("unauthorized", OLLAMA.errorMessage(SimulatorClient.json(missing.body())));
        assertEquals(401, wrong.statusCode());
        assertEquals(200, right.statusCode());
        assertEquals(401, tags.statusCode());
    }

    @Test
    void aToolResultAfterADirectiveGetsAnAnswerNamingIt() {
        start();
        ObjectNode body = OLLAMA.body(true, "user", "#sim:tool", "assistant", "", "tool", "sunny");
        ((ObjectNode) body.at("/messages/2")).put("tool_name", "get_weather");
        HttpResponse<String> response = ask(body);

        assertEquals("(simulated reply) Tool results: get_weather gave \"sunny\". This conversation has 2 messages.",
                OLLAMA.read(response.body()).text());
        assertTrue(OLLAMA.read(response.body()).toolCalls().isEmpty());
    }
}
