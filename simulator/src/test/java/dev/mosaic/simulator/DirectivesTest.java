package dev.mosaic.simulator;

import static dev.mosaic.simulator.SimulatorClient.chatBody;
import static dev.mosaic.simulator.SimulatorClient.chunks;
import static dev.mosaic.simulator.SimulatorClient.joined;
import static dev.mosaic.simulator.SimulatorClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The {@code #sim:} directives a person can type to make the default reply misbehave. */
class DirectivesTest {

    private static ProviderSimulator simulator;
    private static SimulatorClient client;

    @BeforeAll
    static void start() {
        simulator = ProviderSimulator.start(SimulatorOptions.defaults().withTokenDelay(Duration.ZERO));
        client = new SimulatorClient(simulator.baseUrl());
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    @Test
    void errorDirectiveAnswersWithThatStatusInOpenAiShape() {
        HttpResponse<String> limited = client.chat(chatBody(true, true, "user", "try #sim:error-429 now"));
        HttpResponse<String> failed = client.chat(chatBody(true, true, "user", "#sim:error-500"));
        HttpResponse<String> unauthorized = client.chat(chatBody(true, true, "user", "#sim:error-401"));

        assertEquals(429, limited.statusCode());
        assertEquals("1", limited.headers().firstValue("retry-after").orElseThrow());
        assertEquals("rate_limit_exceeded", json(limited.body()).at("/error/code").asText());
        assertTrue(json(limited.body()).at("/error/message").asText().contains("#sim:error-429"));
        assertEquals(500, failed.statusCode());
        assertEquals("server_error", json(failed.body()).at("/error/type").asText());
        assertEquals(401, unauthorized.statusCode());
        assertEquals("invalid_api_key", json(unauthorized.body()).at("/error/code").asText());
    }

    @Test
    void midStreamErrorDirectiveFailsAfterThreeChunks() {
        HttpResponse<String> response = client.chat(chatBody(true, true, "user", "#sim:midstream-error please"));

        List<JsonNode> chunks = chunks(response.body());
        assertEquals(5, chunks.size(), "opening, three chunks, error");
        assertEquals("(simulated reply) You", joined(chunks, "content"));
        assertTrue(chunks.getLast().at("/error/message").asText().contains("#sim:midstream-error"));
        assertFalse(response.body().contains("[DONE]"));
    }

    @Test
    void truncateDirectiveEndsTheStreamAfterThreeChunksWithoutItsEnd() {
        HttpResponse<String> response = client.chat(chatBody(true, true, "user", "#sim:truncate"));

        List<JsonNode> chunks = chunks(response.body());
        assertEquals(4, chunks.size(), "opening, three chunks");
        assertEquals("(simulated reply) You", joined(chunks, "content"));
        assertTrue(chunks.stream().allMatch(c -> c.at("/choices/0/finish_reason").isMissingNode()
                || c.at("/choices/0/finish_reason").isNull()));
        assertFalse(response.body().contains("[DONE]"));
    }

    @Test
    void hangDirectiveStopsAfterThreeChunks() throws Exception {
        try (StreamedResponse stream = StreamedResponse.open(client, chatBody(true, true, "user", "#sim:hang"))) {
            stream.nextChunk();
            assertEquals("(simulated", stream.nextChunk().at("/choices/0/delta/content").asText());
            assertEquals(" reply)", stream.nextChunk().at("/choices/0/delta/content").asText());
            assertEquals(" You", stream.nextChunk().at("/choices/0/delta/content").asText());
            assertNull(stream.nextLine(Duration.ofMillis(300)));
        }
    }

    @Test
    void toolDirectiveEndsTheReplyWithAGetWeatherCall() {
        List<JsonNode> chunks = chunks(client.chat(chatBody(true, true, "user", "#sim:tool")).body());

        JsonNode start = chunks.stream().map(c -> c.at("/choices/0/delta/tool_calls/0")).filter(c -> c.has("id"))
                .findFirst().orElseThrow();
        assertEquals("get_weather", start.at("/function/name").asText());
        StringBuilder arguments = new StringBuilder();
        chunks.forEach(c -> arguments.append(c.at("/choices/0/delta/tool_calls/0/function/arguments").asText("")));
        assertEquals("{\"city\":\"Paris\"}", arguments.toString());
        assertEquals(json("{\"city\":\"Paris\"}"), json(arguments.toString()));
        assertEquals("tool_calls", chunks.get(chunks.size() - 2).at("/choices/0/finish_reason").asText());
        assertTrue(joined(chunks, "content").startsWith("(simulated reply)"));
    }

    @Test
    void thinkDirectiveSendsReasoningBeforeTheText() {
        List<JsonNode> chunks = chunks(client.chat(chatBody(true, true, "user", "#sim:think")).body());

        assertTrue(chunks.get(1).at("/choices/0/delta/reasoning_content").isTextual());
        assertEquals("The person wrote 10 characters; I will repeat their words back to them.",
                joined(chunks, "reasoning_content"));
        assertEquals("(simulated reply) You said: \"#sim:think\". This conversation has 1 message.",
                joined(chunks, "content"));
        int lastReasoning = 0;
        int firstText = Integer.MAX_VALUE;
        for (int i = 0; i < chunks.size(); i++) {
            JsonNode delta = chunks.get(i).at("/choices/0/delta");
            if (delta.has("reasoning_content")) {
                lastReasoning = i;
            } else if (delta.path("content").asText("").length() > 0) {
                firstText = Math.min(firstText, i);
            }
        }
        assertTrue(lastReasoning < firstText);
    }

    @Test
    void slowDirectivePausesTwoHundredMillisecondsPerChunk() {
        long started = System.nanoTime();
        List<JsonNode> chunks = chunks(client.chat(chatBody(true, false, "user", "#sim:slow")).body());
        long elapsed = Duration.ofNanos(System.nanoTime() - started).toMillis();

        int contentChunks = chunks.size() - 2;
        assertTrue(contentChunks >= 10);
        assertTrue(elapsed >= 200L * contentChunks, "took " + elapsed + " ms for " + contentChunks + " chunks");
    }

    @Test
    void directivesOnlyActWhenTheUsersMessageIsTheLastOne() {
        HttpResponse<String> response = client.chat(chatBody(true, true,
                "user", "#sim:error-500", "assistant", "calling a tool", "tool", "sunny"));

        assertEquals(200, response.statusCode());
        assertEquals("(simulated reply) Tool results: an unnamed tool gave \"sunny\". This conversation has 2 messages.",
                joined(chunks(response.body()), "content"), "a result that names no call is still reported");
    }
}
