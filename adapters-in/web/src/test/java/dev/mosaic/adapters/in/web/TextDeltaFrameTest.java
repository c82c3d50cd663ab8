package dev.mosaic.adapters.in.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mosaic.application.event.ConversationEvent;
import dev.mosaic.application.event.ConversationEvent.DeltaKind;
import dev.mosaic.domain.conversation.ConversationId;
import dev.mosaic.domain.conversation.MessageId;
import org.junit.jupiter.api.Test;

/** Text and reasoning deltas take a shortcut past the records: they must still be the documented frame. */
class TextDeltaFrameTest {
    private final ObjectMapper json = WebJson.mapper();
    private final ServerFrames frames = new ServerFrames(json);

    @Test
    void aTextDeltaWrittenStraightOutIsTheDocumentedFrameWithItsTextEscaped() throws Exception {
        ConversationId conversation = ConversationId.random();
        MessageId message = MessageId.random();
        String text = "say \"hi\"\n\\ \u00e9 \ud83d\ude00 \u0001";
        JsonNode frame = json.readTree(frames.event(new ConversationEvent.ReplyDelta(conversation, message, DeltaKind.TEXT,
                text, 0, null, null)));

        assertEquals(json.createObjectNode().put("type", "message:delta").put("conversationId", conversation.toString())
                .put("messageId", message.toString()).put("kind", "text").put("text", text), frame);
        assertEquals("thinking", json.readTree(frames.event(new ConversationEvent.ReplyDelta(conversation, message,
                DeltaKind.THINKING, "hmm", 0, null, null))).path("kind").asText());
    }
}
