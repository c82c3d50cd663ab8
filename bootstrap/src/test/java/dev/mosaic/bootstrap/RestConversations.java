package dev.mosaic.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mosaic.channelconformance.Exchange;
import dev.mosaic.channelconformance.Stored;
import java.util.ArrayList;
import java.util.List;

/**
 * One user's conversations as the REST API shows them: how the drivers of the HTTP channels, whose
 * clients have no way of their own to read a conversation back, see what was stored.
 */
final class RestConversations {

    private final GatewayHarness harness;
    private final String token;

    RestConversations(GatewayHarness harness, String token) {
        this.harness = harness;
        this.token = token;
    }

    Stored open(String conversationId) throws Exception {
        GatewayHarness.HttpResult result = harness.get("/api/conversations/" + conversationId, token);
        if (result.status() != 200) {
            return Stored.refused(result.body().path("code").asText());
        }
        List<Stored.Turn> turns = new ArrayList<>();
        for (JsonNode message : result.body().path("messages")) {
            StringBuilder text = new StringBuilder();
            for (JsonNode block : message.path("content")) {
                if (block.path("type").asText().equals("text")) {
                    text.append(block.path("text").asText());
                }
            }
            turns.add(new Stored.Turn(message.path("role").asText(), text.toString(), message.path("status").asText()));
        }
        return new Stored(turns, null);
    }

    /** What a client that left mid-answer got, with how the answer was stored once the gateway stopped it. */
    Exchange afterAbort(Exchange cut) throws Exception {
        Stored.Turn answer = settled(cut.conversationId()).turns().getLast();
        JsonNode messages = harness.get("/api/conversations/" + cut.conversationId(), token).body().path("messages");
        return new Exchange(cut.conversationId(), cut.pieces(), answer.status(),
                messages.get(messages.size() - 1).path("error").path("code").asText(null));
    }

    /** The conversation once the reply a client left has been stopped and stored, at most ten seconds on. */
    private Stored settled(String conversationId) throws Exception {
        for (int i = 0; i < 100; i++) {
            if (!harness.get("/api/conversations/" + conversationId, token).body().path("replyInProgress").asBoolean()) {
                return open(conversationId);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the reply the client left was still being written after 10 s");
    }
}
