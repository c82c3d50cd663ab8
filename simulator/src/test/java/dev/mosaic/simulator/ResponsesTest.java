package dev.mosaic.simulator;

import dev.mosaic.testsupport.ReferenceFiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code POST /v1/responses} against the OpenAI Responses reference transcripts. */
class ResponsesTest extends SimulatorTestBase {
    private static final TestProtocol RESPONSES = TestProtocol.RESPONSES;

    private HttpResponse<String> ask(ObjectNode body) {
        return ask(RESPONSES, body);
    }

    private List<Wire.Event> stream(ObjectNode body) {
        return sseEvents(ask(body));
    }

    private static ObjectNode stringInput(String instructions, String input) {
        ObjectNode body = SimulatorClient.JSON.createObjectNode().put("model", "gpt-test").put("stream", true)
                .put("input", input);
        return instructions == null ? body : body.put("instructions", instructions);
    }

    /** The reply a reference transcript streams: its reasoning summary, text and function call pieces. */
    private static Reply replyLike(List<Wire.Event> reference) {
        ReplyPieces pieces = new ReplyPieces();
        for (Wire.Event event : reference) {
            JsonNode data = event.data();
            switch (event.type()) {
                case "response.reasoning_summary_text.delta" -> pieces.thinking.add(data.path("delta").asText());
                case "response.output_text.delta" -> pieces.text.add(data.path("delta").asText());
                case "response.output_item.added" -> {
                    if (data.at("/item/type").asText().equals("function_call")) {
                        pieces.call(data.path("item"));
                    }
                }
                case "response.function_call_arguments.delta" -> pieces.fragment(data.path("delta").asText());
                default -> { }
            }
        }
        return pieces.reply("call_id");
    }

    private static List<String> itemTypes(JsonNode output) {
        List<String> types = new ArrayList<>();
        output.forEach(item -> types.add(item.path("type").asText()));
        return types;
    }

    @ParameterizedTest
    @ValueSource(strings = {"openai-responses-stream.sse", "openai-responses-stream-reasoning.sse",
            "openai-responses-stream-function-call.sse"})
    void streamsTheReferenceTranscriptsEventForEventWithTheSameFields(String file) {
        start();
        List<Wire.Event> reference = Wire.events(ReferenceFiles.text(file));
        simulator.script(replyLike(reference));
        ObjectNode body = stringInput(null, "hi");
        body.set("tools", reference.getFirst().data().at("/response/tools"));
        body.putArray("include").add("reasoning.encrypted_content");

        List<Wire.Event> events = stream(body);

        assertEquals(Wire.types(reference), Wire.types(events));
        for (int i = 0; i < reference.size(); i++) {
            JsonNode expected = reference.get(i).data();
            JsonNode actual = events.get(i).data();
            assertEquals(i, actual.path("sequence_number").asInt());
            assertEquals(Wire.keys(expected), Wire.keys(actual), actual::toString);
            for (String nested : List.of("item", "part", "response")) {
                assertEquals(Wire.keys(expected.path(nested)), Wire.keys(actual.path(nested)), nested + " of " + actual);
            }
            assertEquals(Wire.keys(expected.at("/response/usage")), Wire.keys(actual.at("/response/usage")));
            for (String field : List.of("/delta", "/text", "/arguments", "/output_index", "/summary_index",
                    "/content_index", "/item/type", "/item/role", "/item/status", "/item/name", "/item/call_id",
                    "/item/arguments", "/item/content", "/item/summary", "/part", "/response/status",
                    "/response/output/0/type", "/response/tools")) {
                assertEquals(expected.at(field), actual.at(field), field + " of " + actual);
            }
            if (actual.has("item_id")) {
                String itemId = actual.path("item_id").asText();
                assertTrue(events.stream().anyMatch(e -> e.data().at("/item/id").asText().equals(itemId)),
                        "item_id names an output item");
            }
        }
    }

    @Test
    void defaultReplyCountsInstructionsAndInputAndReportsUsage() {
        start();
        List<Wire.Event> events = stream(stringInput("Be brief.", "how are you?"));

        String expected = "(simulated reply) You said: \"how are you?\". This conversation has 1 message.";
        int words = DefaultReplies.words(expected).size();
        assertEquals(expected, Wire.joined(Wire.ofType(events, "response.output_text.delta"), "/delta"));
        assertEquals(expected, Wire.ofType(events, "response.output_text.done").getFirst().path("text").asText());
        JsonNode completed = events.getLast().data().path("response");
        assertEquals("response.completed", events.getLast().type());
        assertEquals("completed", completed.path("status").asText());
        assertEquals("Be brief.", completed.path("instructions").asText());
        assertEquals("gpt-test", completed.path("model").asText());
        assertEquals(expected, completed.at("/output/0/content/0/text").asText());
        // "Be brief." + "how are you?" = 21 characters, about 5 tokens.
        assertEquals(SimulatorClient.json("{\"input_tokens\":5,\"input_tokens_details\":{\"cached_tokens\":0},"
                + "\"output_tokens\":" + words + ",\"output_tokens_details\":{\"reasoning_tokens\":0},"
                + "\"total_tokens\":" + (5 + words) + "}"), completed.path("usage"));
        assertEquals(events.getFirst().data().at("/response/id"), completed.path("id"));
    }

    @Test
    void scriptedReasoningTextAndFunctionCallAreThreeOutputItems() {
        start();
        simulator.script(Reply.text("Let me check.").withThinking("Hmm", ", weather.")
                .withToolCall("call_1", "get_weather", "{\"city\":", "\"Oslo\"}"));

        List<Wire.Event> events = stream(stringInput(null, "weather in Oslo?"));

        assertEquals(List.of("response.created", "response.in_progress",
                "response.output_item.added", "response.reasoning_summary_part.added",
                "response.reasoning_summary_text.delta", "response.reasoning_summary_text.delta",
                "response.reasoning_summary_text.done", "response.reasoning_summary_part.done", "response.output_item.done",
                "response.output_item.added", "response.content_part.added", "response.output_text.delta",
                "response.output_text.done", "response.content_part.done", "response.output_item.done",
                "response.output_item.added", "response.function_call_arguments.delta",
                "response.function_call_arguments.delta", "response.function_call_arguments.done",
                "response.output_item.done", "response.completed"), Wire.types(events));
        List<JsonNode> done = Wire.ofType(events, "response.output_item.done");
        assertEquals(List.of(0, 1, 2), done.stream().map(d -> d.path("output_index").asInt()).toList());
        assertEquals("Hmm, weather.", done.get(0).at("/item/summary/0/text").asText());
        assertFalse(done.get(0).path("item").has("encrypted_content"), "only when the request includes it");
        assertEquals("Let me check.", done.get(1).at("/item/content/0/text").asText());
        assertEquals(SimulatorClient.json("{\"type\":\"function_call\",\"id\":\"fc_sim1_0\",\"call_id\":\"call_1\","
                + "\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"Oslo\\\"}\",\"status\":\"completed\"}"),
                done.get(2).path("item"));
        JsonNode completed = events.getLast().data().path("response");
        assertEquals(List.of("reasoning", "message", "function_call"), itemTypes(completed.path("output")));
        assertEquals(2 + 1 + 3, completed.at("/usage/output_tokens").asInt(), "a token a chunk");
        assertEquals(2, completed.at("/usage/output_tokens_details/reasoning_tokens").asInt());
    }

    @Test
    void inputItemsAreCountedAsTurnsAndAFunctionResultIsNotThePersons() {
        start();
        ObjectNode body = SimulatorClient.JSON.createObjectNode().put("model", "gpt-test").put("stream", true);
        ArrayNode input = body.putArray("input");
        input.addObject().put("role", "developer").put("content", "Use tools.");
        input.addObject().put("type", "message").put("role", "user").putArray("content").addObject()
                .put("type", "input_text").put("text", "#sim:error-500 weather?");
        input.addObject().put("type", "reasoning").put("id", "rs_1").putArray("summary");
        input.addObject().put("type", "function_call").put("call_id", "call_1").put("name", "get_weather")
                .put("arguments", "{}");
        input.addObject().put("type", "function_call_output").put("call_id", "call_1").put("output", "sunny");

        HttpResponse<String> afterTool = ask(body);
        input.addObject().put("type", "message").put("role", "assistant").putArray("content").addObject()
                .put("type", "output_text").put("text", "Sunny.");
        input.addObject().put("role", "user").put("content", "thanks");
        HttpResponse<String> afterUser = ask(body);

        assertEquals(200, afterTool.statusCode(), "the directive was not the last message");
        assertEquals("(simulated reply) Tool results: get_weather gave \"sunny\". This conversation has 2 messages.",
                RESPONSES.read(afterTool.body()).text());
        assertEquals("(simulated reply) You said: \"thanks\". This conversation has 4 messages.",
                RESPONSES.read(afterUser.body()).text());
    }

    @Test
    void nonStreamingRequestGetsTheCompletedResponse() {
        start();
        simulator.script(Reply.text("Hel", "lo").withThinking("Hmm"));
        ObjectNode body = stringInput(null, "hi").put("stream", false);
        body.putArray("include").add("reasoning.encrypted_content");

        HttpResponse<String> response = ask(body);

        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("content-type").orElseThrow().startsWith("application/json"));
        JsonNode object = SimulatorClient.json(response.body());
        JsonNode reference = Wire.events(ReferenceFiles.text("openai-responses-stream-reasoning.sse")).getLast().data()
                .path("response");
        assertEquals(Wire.keys(reference), Wire.keys(object));
        assertEquals("response", object.path("object").asText());
        assertEquals("completed", object.path("status").asText());
        assertEquals(Wire.keys(reference.at("/output/0")), Wire.keys(object.at("/output/0")));
        assertEquals("Hmm", object.at("/output/0/summary/0/text").asText());
        assertEquals("Hello", object.at("/output/1/content/0/text").asText());
        assertEquals(3, object.at("/usage/output_tokens").asInt());
    }

    @Test
    void lengthFinishMakesAnIncompleteResponse() {
        start();
        simulator.script(Reply.text("cut").withFinishReason("length"));

        List<Wire.Event> events = stream(stringInput(null, "hi"));

        assertEquals("response.incomplete", events.getLast().type());
        JsonNode response = events.getLast().data().path("response");
        assertEquals("incomplete", response.path("status").asText());
        assertEquals("max_output_tokens", response.at("/incomplete_details/reason").asText());
    }

    @Test
    void midStreamErrorIsAnErrorEventThenAFailedResponse() {
        start();
        simulator.script(Reply.text("a", "b", "c").withThinking("t").midStreamError(3, "boom"));

        List<Wire.Event> events = stream(stringInput(null, "hi"));

        JsonNode referenceError = Wire.events(ReferenceFiles.text("openai-responses-error-event.sse")).getFirst().data();
        JsonNode referenceFailed = Wire.events(ReferenceFiles.text("openai-responses-failed-event.sse")).getFirst().data();
        Wire.Event error = events.get(events.size() - 2);
        Wire.Event failed = events.getLast();
        assertEquals("error", error.type());
        assertEquals(Wire.keys(referenceError), Wire.keys(error.data()));
        assertEquals("boom", error.data().path("message").asText());
        assertEquals("server_error", error.data().path("code").asText());
        assertEquals("response.failed", failed.type());
        // The documented example leaves out the sequence_number every streamed event carries.
        Set<String> failedKeys = new TreeSet<>(Wire.keys(referenceFailed));
        failedKeys.add("sequence_number");
        assertEquals(failedKeys, Wire.keys(failed.data()));
        JsonNode response = failed.data().path("response");
        assertEquals("failed", response.path("status").asText());
        assertEquals(Wire.keys(referenceFailed.at("/response/error")), Wire.keys(response.path("error")));
        assertEquals("boom", response.at("/error/message").asText());
        assertTrue(response.path("usage").isNull());
        assertEquals(List.of("reasoning"), itemTypes(response.path("output")), "the items finished so far");
        assertEquals("ab", Wire.joined(Wire.ofType(events, "response.output_text.delta"), "/delta"));
        assertFalse(Wire.types(events).contains("response.completed"));
    }

    @Test
    void truncatedStreamHasNoTerminalEvent() {
        start();
        simulator.script(Reply.text("a", "b").truncate(1));

        List<Wire.Event> events = stream(stringInput(null, "hi"));

        assertEquals("response.output_text.delta", events.getLast().type());
        assertEquals(4, events.getLast().data().path("sequence_number").asInt());
    }

    @Test
    void errorsAndAuthAreOpenAis() {
        start();
        String error = OpenAiErrors.body("Slow down", "tokens", null, "rate_limit_exceeded");
        simulator.script(Reply.httpError(429, error));

        HttpResponse<String> limited = ask(stringInput(null, "hi"));
        HttpResponse<String> noKey = client.send(client.unauthenticated("/v1/responses")
                .POST(HttpRequest.BodyPublishers.ofString(stringInput(null, "hi").toString())).build());
        HttpResponse<String> noInput = ask(SimulatorClient.JSON.createObjectNode().put("model", "gpt-test"));

        assertEquals(429, limited.statusCode());
        assertEquals(SimulatorClient.json(error), SimulatorClient.json(limited.body()));
        assertEquals(401, noKey.statusCode());
        assertTrue(RESPONSES.errorMessage(SimulatorClient.json(noKey.body())).contains("didn't provide an API key"));
        assertEquals(400, noInput.statusCode());
        assertEquals("input", SimulatorClient.json(noInput.body()).at("/error/param").asText());
        assertEquals(Set.of("/v1/responses"), Set.copyOf(simulator.requests().stream().map(RecordedRequest::path).toList()));
    }
}
