package dev.mosaic.adapters.in.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mosaic.application.ErrorCode;
import dev.mosaic.domain.conversation.ConversationId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ClientFrameTest {
    private final ObjectMapper json = WebJson.mapper();

    @Test
    void aSendFrameCarriesTextConversationAndRequestId() throws Exception {
        String id = ConversationId.random().toString();
        ClientFrame frame = ClientFrame.parse(json,
                "{\"type\":\"message:send\",\"text\":\"hi\",\"conversationId\":\"" + id + "\",\"requestId\":\"r1\",\"extra\":{\"a\":1}}");
        ClientFrame.Send send = assertInstanceOf(ClientFrame.Send.class, frame);
        assertEquals("hi", send.text());
        assertEquals(Optional.of(ConversationId.parse(id)), send.conversationId());
        assertEquals("r1", send.requestId());
    }

    @Test
    void everyKnownTypeParses() throws Exception {
        String id = ConversationId.random().toString();
        assertInstanceOf(ClientFrame.Abort.class, ClientFrame.parse(json, "{\"type\":\"message:abort\",\"conversationId\":\"" + id + "\"}"));
        assertInstanceOf(ClientFrame.Open.class, ClientFrame.parse(json, "{\"type\":\"conversation:open\",\"conversationId\":\"" + id + "\"}"));
        ClientFrame.Command command = assertInstanceOf(ClientFrame.Command.class,
                ClientFrame.parse(json, "{\"type\":\"command:execute\",\"command\":\"/history\"}"));
        assertEquals("/history", command.command());
        assertInstanceOf(ClientFrame.Ping.class, ClientFrame.parse(json, "{\"type\":\"ping\"}"));
    }

    @Test
    void aSurrogatePairIsOneCharacter() throws Exception {
        ClientFrame.Send send = assertInstanceOf(ClientFrame.Send.class,
                ClientFrame.parse(json, "{\"type\":\"message:send\",\"text\":\"\\ud83d\\ude00 😀\"}"));
        assertEquals("😀 😀", send.text());
    }

    @Test
    void toolFramesCarryTheOfferAndTheAnswers() throws Exception {
        ClientFrame.OfferTools offer = assertInstanceOf(ClientFrame.OfferTools.class, ClientFrame.parse(json,
                "{\"type\":\"tools:offer\",\"tools\":[{\"name\":\"grep\",\"description\":\"d\","
                        + "\"parameters\":{\"type\":\"object\"}},{\"name\":\"bad\",\"parameters\":\"nope\"}]}"));
        assertEquals(List.of(new ClientFrame.Offered("grep", "d", "{\"type\":\"object\"}"),
                new ClientFrame.Offered("bad", "", null)), offer.tools());
        assertEquals(new ClientFrame.ToolAnswer("t1", "found", true), ClientFrame.parse(json,
                "{\"type\":\"tool:result\",\"callId\":\"t1\",\"content\":\"found\",\"isError\":true}"));
        assertEquals(new ClientFrame.ToolAnswer("t2", "", false), ClientFrame.parse(json,
                "{\"type\":\"tool:result\",\"callId\":\"t2\"}"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "not json at all                                          | BAD_FRAME",
        "[1,2,3]                                                  | BAD_FRAME",
        "{\"text\":\"no type\"}                                   | BAD_FRAME",
        "{\"type\":42}                                            | BAD_FRAME",
        "{\"type\":\"message:send\",\"text\":7}                   | BAD_FRAME",
        "{\"type\":\"message:explode\"}                           | UNKNOWN_TYPE",
        "{\"type\":\"message:send\",\"text\":\"   \"}             | INVALID_INPUT",
        "{\"type\":\"message:send\",\"text\":\"x\",\"conversationId\":\"nope\"} | INVALID_INPUT",
        "{\"type\":\"message:send\",\"text\":\"a\\u0000b\"}       | INVALID_INPUT",
        "{\"type\":\"message:abort\"}                             | INVALID_INPUT",
        "{\"type\":\"conversation:open\",\"conversationId\":null} | INVALID_INPUT",
        "{\"type\":\"command:execute\",\"command\":\"\"}          | INVALID_INPUT",
        "{\"type\":\"message:send\",\"text\":\"a\\ud800b\"}       | INVALID_INPUT",
        "{\"type\":\"message:send\",\"text\":\"\\ude00\\ud83d\"}  | INVALID_INPUT",
        "{\"type\":\"message:send\",\"text\":\"end\\udbff\"}      | INVALID_INPUT",
        "{\"type\":\"ping\"} {\"type\":\"ping\"}                   | BAD_FRAME",
        "{\"type\":\"ping\",\"type\":\"message:abort\"}          | BAD_FRAME",
        "{\"type\":\"tools:offer\"}                            | BAD_FRAME",
        "{\"type\":\"tools:offer\",\"tools\":[1]}               | BAD_FRAME",
        "{\"type\":\"tool:result\",\"content\":\"x\"}          | INVALID_INPUT",
        "{\"type\":\"tool:result\",\"callId\":\"t\",\"isError\":\"yes\"} | BAD_FRAME",
    })
    void malformedFramesAreRejectedWithAStableCode(String text, ErrorCode expected) {
        ClientFrame.Invalid invalid = assertThrows(ClientFrame.Invalid.class, () -> ClientFrame.parse(json, text.strip()));
        assertEquals(expected, invalid.rejection().code());
    }
}
