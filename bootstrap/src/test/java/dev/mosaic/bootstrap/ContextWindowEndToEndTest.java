package dev.mosaic.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mosaic.simulator.RecordedRequest;
import dev.mosaic.simulator.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A long conversation against a model with a small window: a checkpoint is made, the model gets the
 * checkpoint and the recent messages, the user is told, and every original message stays stored.
 */
class ContextWindowEndToEndTest {

    private static final int WINDOW = 300;
    private static GatewayHarness harness;

    @BeforeAll
    static void start() {
        harness = GatewayHarness.start(Map.of("MOSAIC_SIMULATOR_CONTEXT_WINDOW", Integer.toString(WINDOW)));
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    private static String sentence(int i) {
        return "Message " + i + ": the quick brown fox jumps over the lazy dog while we plan the Lisbon trip in detail.";
    }

    @Test
    void aLongConversationIsCheckpointedAndNothingStoredIsLost() throws Exception {
        String token = harness.newUser();
        List<JsonNode> compactions = new ArrayList<>();
        String conversation = null;
        int exchanges = 12;
        try (RawSocket socket = new RawSocket(harness.webSocket(), token)) {
            socket.next("ready");
            for (int i = 0; i < exchanges; i++) {
                harness.simulator().script(Reply.text("Noted ", "point ", Integer.toString(i), "."));
                socket.send("{\"type\":\"message:send\",\"text\":\"" + sentence(i) + "\""
                        + (conversation == null ? "" : ",\"conversationId\":\"" + conversation + "\"") + "}");
                while (true) {
                    JsonNode frame = socket.next();
                    String type = frame.path("type").asText();
                    if (type.equals("session:info")) {
                        conversation = frame.path("conversationId").asText();
                    } else if (type.equals("context:compacted")) {
                        compactions.add(frame);
                    } else if (type.equals("message:end")) {
                        assertEquals("complete", frame.path("status").asText());
                        break;
                    } else if (type.equals("error")) {
                        throw new AssertionError(frame.toString());
                    }
                }
            }

            assertFalse(compactions.isEmpty(), "a checkpoint was made");
            JsonNode first = compactions.getFirst();
            assertTrue(first.path("summarized").asBoolean());
            assertTrue(first.path("tokensBefore").asLong() * 100 > WINDOW * 80L, first.toString());
            assertTrue(first.path("tokensAfter").asLong() < first.path("tokensBefore").asLong(), first.toString());

            socket.send("{\"type\":\"command:execute\",\"command\":\"/history\",\"conversationId\":\"" + conversation + "\"}");
            JsonNode history = socket.next("command:result");
            assertEquals(compactions.size(), history.path("data").path("checkpoints").asInt());
            assertTrue(history.path("data").path("contextTokens").asLong() <= WINDOW, history.toString());
        }

        List<RecordedRequest> requests = harness.chatRequests();
        List<RecordedRequest> summaries = requests.stream()
                .filter(r -> r.body().path("messages").get(0).path("content").asText().startsWith("You write context checkpoints"))
                .toList();
        assertEquals(compactions.size(), summaries.size(), "one summarizer call per checkpoint");
        assertTrue(summaries.getFirst().body().path("messages").get(1).path("content").asText().contains(sentence(0)),
                "the oldest messages went to the summarizer");

        JsonNode last = requests.getLast().body().path("messages");
        assertEquals("system", last.get(0).path("role").asText());
        assertTrue(last.get(1).path("content").asText().startsWith("Summary of the earlier part of this conversation"),
                last.get(1).toString());
        assertEquals(sentence(exchanges - 1), last.get(last.size() - 1).path("content").asText());
        assertTrue(last.size() < 2 * exchanges, "the model saw the checkpoint and the recent messages, not all");
        for (JsonNode message : last) {
            assertFalse(message.path("content").asText().equals(sentence(0)), "the oldest message was replaced");
        }

        GatewayHarness.HttpResult stored = harness.get("/api/conversations/" + conversation + "?pageSize=100", token);
        assertEquals(2 * exchanges, stored.body().path("total").asInt(), "every original message is still stored");
        assertEquals(sentence(0), stored.body().path("messages").get(0).path("content").get(0).path("text").asText());
    }
}
