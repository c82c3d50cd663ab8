package dev.mosaic.simulator;

import static dev.mosaic.simulator.SimulatorClient.chatBody;
import static dev.mosaic.simulator.SimulatorClient.chunks;
import static dev.mosaic.simulator.SimulatorClient.dataPayloads;
import static dev.mosaic.simulator.SimulatorClient.joined;
import static dev.mosaic.simulator.SimulatorClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProviderSimulatorTest extends SimulatorTestBase {

    /** These tests speak only OpenAI Chat Completions, so their paths are relative to {@code /v1}. */
    @Override
    URI clientUrl(ProviderSimulator started) {
        return started.baseUrl();
    }

    @Test
    void defaultReplyStreamsOpenAiChunksThenUsageThenDone() {
        start();
        HttpResponse<String> response = client.chat(chatBody(true, true,
                "system", "Be brief.", "user", "hello", "assistant", "hi there", "user", "how are you?"));

        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("content-type").orElseThrow().startsWith("text/event-stream"));
        List<String> payloads = dataPayloads(response.body());
        assertEquals("[DONE]", payloads.getLast());
        List<JsonNode> chunks = chunks(response.body());

        JsonNode opening = chunks.getFirst();
        assertEquals("chat.completion.chunk", opening.path("object").asText());
        assertEquals("test-model", opening.path("model").asText());
        assertEquals("assistant", opening.at("/choices/0/delta/role").asText());
        assertEquals("", opening.at("/choices/0/delta/content").asText());
        assertTrue(opening.at("/choices/0/finish_reason").isNull());
        assertTrue(opening.path("usage").isNull(), "usage is null on every chunk but the last");

        String expected = "(simulated reply) You said: \"how are you?\". This conversation has 3 messages.";
        assertEquals(expected, joined(chunks, "content"));
        List<JsonNode> content = chunks.subList(1, chunks.size() - 2);
        assertEquals(DefaultReplies.words(expected).size(), content.size());
        assertEquals("(simulated", content.getFirst().at("/choices/0/delta/content").asText());
        assertEquals(" reply)", content.get(1).at("/choices/0/delta/content").asText());
        for (JsonNode chunk : content) {
            assertFalse(chunk.at("/choices/0/delta/content").asText().isEmpty());
            assertTrue(chunk.at("/choices/0/finish_reason").isNull());
        }

        JsonNode finish = chunks.get(chunks.size() - 2);
        assertEquals(0, finish.at("/choices/0/delta").size());
        assertEquals("stop", finish.at("/choices/0/finish_reason").asText());

        JsonNode usage = chunks.getLast();
        assertEquals(0, usage.path("choices").size());
        assertTrue(usage.path("choices").isArray());
        // "Be brief." + "hello" + "hi there" + "how are you?" = 34 characters, about 8 tokens.
        assertEquals(8, usage.at("/usage/prompt_tokens").asInt());
        assertEquals(content.size(), usage.at("/usage/completion_tokens").asInt());
        assertEquals(8 + content.size(), usage.at("/usage/total_tokens").asInt());
        assertEquals(0, usage.at("/usage/prompt_tokens_details/cached_tokens").asInt());
        chunks.forEach(chunk -> assertEquals(opening.path("id").asText(), chunk.path("id").asText()));
    }

    @Test
    void usageIsSentOnlyWhenAskedFor() {
        start();
        HttpResponse<String> response = client.chat(chatBody(true, false, "user", "hi"));

        List<JsonNode> chunks = chunks(response.body());
        chunks.forEach(chunk -> assertFalse(chunk.has("usage"), chunk::toString));
        assertEquals("stop", chunks.getLast().at("/choices/0/finish_reason").asText());
        assertEquals("[DONE]", dataPayloads(response.body()).getLast());
    }

    @Test
    void longUserTextIsQuotedUpTo200CharactersAndOneMessageIsSingular() {
        start();
        HttpResponse<String> response = client.chat(chatBody(true, false, "user", "x".repeat(300)));

        assertEquals("(simulated reply) You said: \"" + "x".repeat(200) + "…\". This conversation has 1 message.",
                joined(chunks(response.body()), "content"));
    }

    @Test
    void contentGivenAsPartsIsReadToo() {
        start();
        String body = """
                {"model":"m","stream":true,"messages":[{"role":"user","content":[
                  {"type":"text","text":"part one, "},{"type":"image_url","image_url":{"url":"x"}},{"type":"text","text":"part two"}]}]}""";
        HttpResponse<String> response = client.post("/chat/completions", body);

        assertEquals("(simulated reply) You said: \"part one, part two\". This conversation has 1 message.",
                joined(chunks(response.body()), "content"));
    }

    @Test
    void nonStreamingRequestGetsOneChatCompletion() {
        start();
        HttpResponse<String> response = client.chat(chatBody(false, false, "user", "hello"));

        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("content-type").orElseThrow().startsWith("application/json"));
        JsonNode completion = json(response.body());
        assertEquals("chat.completion", completion.path("object").asText());
        assertEquals("assistant", completion.at("/choices/0/message/role").asText());
        assertEquals("(simulated reply) You said: \"hello\". This conversation has 1 message.",
                completion.at("/choices/0/message/content").asText());
        assertEquals("stop", completion.at("/choices/0/finish_reason").asText());
        assertEquals(1, completion.at("/usage/prompt_tokens").asInt());
        assertEquals(10, completion.at("/usage/completion_tokens").asInt(), "one token a word");
    }

    @Test
    void scriptedRepliesAreUsedInOrderThenTheDefaultOne() {
        start();
        simulator.script(Reply.text("Hel", "lo"));
        simulator.script(Reply.text("Second"));

        List<JsonNode> first = chunks(client.chat(chatBody(true, true, "user", "one")).body());
        List<JsonNode> second = chunks(client.chat(chatBody(true, true, "user", "two")).body());
        List<JsonNode> third = chunks(client.chat(chatBody(true, true, "user", "three")).body());

        assertEquals("Hel", first.get(1).at("/choices/0/delta/content").asText());
        assertEquals("lo", first.get(2).at("/choices/0/delta/content").asText());
        assertEquals(5, first.size(), "opening, two chunks, finish, usage");
        assertEquals(2, first.getLast().at("/usage/completion_tokens").asInt());
        assertEquals("Second", joined(second, "content"));
        assertTrue(joined(third, "content").startsWith("(simulated reply) You said: \"three\""));
    }

    @Test
    void scriptedThinkingTextAndToolCallStreamInOpenAiToolCallShape() {
        start();
        simulator.script(Reply.text("Let me check.").withThinking("Hmm", ", weather.")
                .withToolCall("call_1", "get_weather", "{\"city\":", "\"Oslo\"}"));

        List<JsonNode> chunks = chunks(client.chat(chatBody(true, true, "user", "weather in Oslo?")).body());

        assertEquals("Hmm", chunks.get(1).at("/choices/0/delta/reasoning_content").asText());
        assertEquals(", weather.", chunks.get(2).at("/choices/0/delta/reasoning_content").asText());
        assertEquals("Let me check.", chunks.get(3).at("/choices/0/delta/content").asText());
        JsonNode start = chunks.get(4).at("/choices/0/delta/tool_calls/0");
        assertEquals(0, start.path("index").asInt());
        assertEquals("call_1", start.path("id").asText());
        assertEquals("function", start.path("type").asText());
        assertEquals("get_weather", start.at("/function/name").asText());
        assertEquals("", start.at("/function/arguments").asText());
        JsonNode fragment = chunks.get(5).at("/choices/0/delta/tool_calls/0");
        assertEquals(0, fragment.path("index").asInt());
        assertFalse(fragment.has("id"));
        assertEquals("{\"city\":", fragment.at("/function/arguments").asText());
        assertEquals("\"Oslo\"}", chunks.get(6).at("/choices/0/delta/tool_calls/0/function/arguments").asText());
        assertEquals("tool_calls", chunks.get(7).at("/choices/0/finish_reason").asText());
        assertEquals(6, chunks.get(8).at("/usage/completion_tokens").asInt());
        assertEquals(2, chunks.get(8).at("/usage/completion_tokens_details/reasoning_tokens").asInt());
    }

    @Test
    void aToolCallOnlyReplyOpensWithNullContent() {
        start();
        simulator.script(Reply.toolCall("call_9", "lookup", "{}"));

        List<JsonNode> chunks = chunks(client.chat(chatBody(true, false, "user", "go")).body());

        assertTrue(chunks.getFirst().at("/choices/0/delta/content").isNull());
        assertEquals("lookup", chunks.get(1).at("/choices/0/delta/tool_calls/0/function/name").asText());
        assertEquals("tool_calls", chunks.getLast().at("/choices/0/finish_reason").asText());
    }

    @Test
    void scriptedHttpErrorIsSentWithItsBodyAndHeaders() {
        start();
        String error = "{\"error\":{\"message\":\"Slow down\",\"type\":\"tokens\",\"param\":null,\"code\":\"rate_limit_exceeded\"}}";
        simulator.script(Reply.httpError(429, error).withHeader("retry-after", "2"));

        HttpResponse<String> response = client.chat(chatBody(true, true, "user", "hi"));

        assertEquals(429, response.statusCode());
        assertEquals("2", response.headers().firstValue("retry-after").orElseThrow());
        assertEquals(json(error), json(response.body()));
    }

    @Test
    void midStreamErrorFollowsTheGivenNumberOfChunksAndEndsTheStream() {
        start();
        simulator.script(Reply.text("a", "b", "c", "d").midStreamError(2, "boom"));

        HttpResponse<String> response = client.chat(chatBody(true, true, "user", "hi"));

        assertEquals(200, response.statusCode());
        List<String> payloads = dataPayloads(response.body());
        assertEquals(4, payloads.size(), response.body());
        List<JsonNode> chunks = chunks(response.body());
        assertEquals("ab", joined(chunks, "content"));
        JsonNode error = chunks.getLast().path("error");
        assertEquals("boom", error.path("message").asText());
        assertEquals("server_error", error.path("type").asText());
        assertFalse(response.body().contains("[DONE]"));
    }

    @Test
    void truncatedStreamEndsWithoutFinishReasonOrDone() {
        start();
        simulator.script(Reply.text("a", "b", "c").truncate(1));

        HttpResponse<String> response = client.chat(chatBody(true, true, "user", "hi"));

        List<JsonNode> chunks = chunks(response.body());
        assertEquals(2, chunks.size());
        assertEquals("a", joined(chunks, "content"));
        chunks.forEach(chunk -> assertTrue(chunk.at("/choices/0/finish_reason").isNull()));
        assertFalse(response.body().contains("[DONE]"));
    }

    @Test
    void hangingStreamSendsItsChunksThenNothingUntilTheSimulatorCloses() throws Exception {
        start();
        simulator.script(Reply.text("a", "b", "c").hang(2));

        try (StreamedResponse stream = StreamedResponse.open(client, chatBody(true, true, "user", "hi"))) {
            assertEquals("assistant", stream.nextChunk().at("/choices/0/delta/role").asText());
            assertEquals("a", stream.nextChunk().at("/choices/0/delta/content").asText());
            assertEquals("b", stream.nextChunk().at("/choices/0/delta/content").asText());
            assertNull(stream.nextLine(Duration.ofMillis(400)), "nothing is sent while hanging");

            long closing = System.nanoTime();
            simulator.close();
            assertTrue(stream.awaitEnd(Duration.ofSeconds(5)), "closing the simulator ends the hanging response");
            assertTrue(Duration.ofNanos(System.nanoTime() - closing).toSeconds() < 5);
            assertFalse(stream.received().contains("data: [DONE]"));
        }
    }

    @Test
    void everyRequestIsRecordedWithoutTheKeyAndListedAsJson() {
        start();
        client.chat(chatBody(true, true, "user", "hello"));
        client.send(client.request("/models").GET().build());

        List<RecordedRequest> requests = simulator.requests();
        assertEquals(2, requests.size());
        RecordedRequest chat = requests.getFirst();
        assertEquals(1, chat.sequence());
        assertEquals("POST", chat.method());
        assertEquals("/v1/chat/completions", chat.path());
        assertEquals(RecordedRequest.REDACTED, chat.header("Authorization"));
        assertEquals("application/json", chat.header("content-type"));
        assertEquals("hello", chat.body().at("/messages/0/content").asText());
        assertTrue(chat.body().at("/stream_options/include_usage").asBoolean());
        assertEquals("/v1/models", simulator.lastRequest().path());
        assertEquals(2, simulator.lastRequest().sequence());

        HttpResponse<String> listed = client.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + simulator.port() + "/_simulator/requests")).GET().build());
        assertEquals(200, listed.statusCode());
        JsonNode list = json(listed.body());
        assertEquals(2, list.size(), "the listing does not record itself");
        assertEquals("/v1/chat/completions", list.at("/0/path").asText());
        assertEquals("hello", list.at("/0/body/messages/0/content").asText());
        assertEquals(RecordedRequest.REDACTED, list.at("/0/headers/authorization/0").asText());
        assertFalse(listed.body().contains("test-key"));

        simulator.clearRequests();
        assertTrue(simulator.requests().isEmpty());
        assertThrows(IllegalStateException.class, simulator::lastRequest);
    }

    @Test
    void missingOrEmptyBearerKeyIsRejectedWithOpenAiError() {
        start();
        HttpResponse<String> missing = client.send(HttpRequest.newBuilder(
                URI.create(simulator.baseUrl() + "/chat/completions"))
                .POST(HttpRequest.BodyPublishers.ofString(chatBody(true, true, "user", "hi").toString())).build());
        HttpResponse<String> empty = client.send(HttpRequest.newBuilder(
                URI.create(simulator.baseUrl() + "/models")).header("Authorization", "Bearer  ").GET().build());

        assertEquals(401, missing.statusCode());
        JsonNode error = json(missing.body()).path("error");
        assertTrue(error.path("message").asText().contains("didn't provide an API key"), error::toString);
        assertEquals("invalid_request_error", error.path("type").asText());
        assertTrue(error.has("param") && error.has("code"));
        assertEquals(401, empty.statusCode());
        assertEquals(2, simulator.requests().size(), "rejected requests are recorded too");
    }

    @Test
    void aConfiguredKeyMustMatch() {
        start(SimulatorOptions.defaults().withTokenDelay(Duration.ZERO).withApiKey("right-key"));

        HttpResponse<String> wrong = client.send(client.request("/models").GET().build());
        HttpResponse<String> right = client.send(HttpRequest.newBuilder(URI.create(simulator.baseUrl() + "/models"))
                .header("Authorization", "Bearer right-key").GET().build());

        assertEquals(401, wrong.statusCode());
        assertEquals("invalid_api_key", json(wrong.body()).at("/error/code").asText());
        assertEquals(200, right.statusCode());
    }

    @Test
    void authCanBeSwitchedOff() {
        start(SimulatorOptions.defaults().withTokenDelay(Duration.ZERO).withoutAuth());

        HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                URI.create(simulator.baseUrl() + "/chat/completions"))
                .POST(HttpRequest.BodyPublishers.ofString(chatBody(true, false, "user", "hi").toString())).build());

        assertEquals(200, response.statusCode());
        assertTrue(joined(chunks(response.body()), "content").contains("You said: \"hi\""));
    }

    @Test
    void malformedOrIncompleteBodiesAreBadRequests() {
        start();
        HttpResponse<String> malformed = client.post("/chat/completions", "{\"model\": \"x\", \"messages\": [");
        HttpResponse<String> noMessages = client.post("/chat/completions", "{\"model\": \"x\"}");

        assertEquals(400, malformed.statusCode());
        JsonNode error = json(malformed.body()).path("error");
        assertTrue(error.path("message").asText().contains("could not parse the JSON body"), error::toString);
        assertEquals("invalid_request_error", error.path("type").asText());
        assertEquals(400, noMessages.statusCode());
        assertEquals("messages", json(noMessages.body()).at("/error/param").asText());
        assertNull(simulator.requests().getFirst().body(), "a malformed body is recorded as absent");
    }

    @Test
    void modelsAreListedInOpenAiShape() {
        start();
        HttpResponse<String> response = client.send(client.request("/models").GET().build());

        assertEquals(200, response.statusCode());
        JsonNode list = json(response.body());
        assertEquals("list", list.path("object").asText());
        assertEquals(ProviderSimulator.MODEL, list.at("/data/0/id").asText());
        assertEquals("model", list.at("/data/0/object").asText());
        assertTrue(list.at("/data/0/created").isNumber());
        assertEquals("mosaic", list.at("/data/0/owned_by").asText());
    }

    @Test
    void unknownPathsAreNotFound() {
        start();
        HttpResponse<String> response = client.send(client.request("/embeddings").GET().build());

        assertEquals(404, response.statusCode());
        assertEquals("Invalid URL (GET /v1/embeddings)", json(response.body()).at("/error/message").asText());
    }

    @Test
    void chunkObserverSeesEveryContentChunkBeforeTheClientDoes() throws Exception {
        List<long[]> observed = Collections.synchronizedList(new ArrayList<>());
        start(SimulatorOptions.defaults().withTokenDelay(Duration.ofMillis(5))
                .withChunkObserver((sequence, index, nanos) -> observed.add(new long[] {sequence, index, nanos})));
        simulator.script(Reply.text("a", "b", "c"));

        List<Long> arrivals = new ArrayList<>();
        try (StreamedResponse stream = StreamedResponse.open(client, chatBody(true, true, "user", "hi"))) {
            stream.nextChunk();
            for (int i = 0; i < 3; i++) {
                stream.nextChunk();
                arrivals.add(System.nanoTime());
            }
        }

        assertEquals(3, observed.size());
        long sequence = simulator.lastRequest().sequence();
        for (int i = 0; i < 3; i++) {
            assertEquals(sequence, observed.get(i)[0]);
            assertEquals(i, observed.get(i)[1]);
            assertTrue(observed.get(i)[2] <= arrivals.get(i), "observed before the client received it");
        }
    }

    @Test
    void tokenDelaySpacesTheChunks() {
        start(SimulatorOptions.defaults().withTokenDelay(Duration.ofMillis(60)));
        simulator.script(Reply.text("a", "b", "c", "d"));

        long started = System.nanoTime();
        client.chat(chatBody(true, false, "user", "hi"));

        assertTrue(Duration.ofNanos(System.nanoTime() - started).toMillis() >= 240);
    }
}
