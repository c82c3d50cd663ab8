package dev.mosaic.adapters.out.providers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import okio.Buffer;
import org.junit.jupiter.api.Test;

/** How bodies divide into events, down to the corners of the server-sent events standard. */
class FramingTest {

    private record Event(String type, String data) {}

    private static List<Event> read(Framing framing, String body) throws IOException {
        List<Event> events = new ArrayList<>();
        framing.read(new Buffer().writeUtf8(body), (type, data) -> events.add(new Event(type, data)));
        return events;
    }

    @Test
    void serverSentEventsFollowTheStandard() throws IOException {
        String body = ": a comment, such as OpenRouter's keep-alive\n\n"
                + "event: first\ndata: {\"a\":1}\n\n"
                + "data:no space after the colon\r\n\r\n"
                + "id: 7\nretry: 1000\ndata: one\ndata:  two with a kept space\n\n"
                + "event: empty\ndata\n\n"
                + "event: no data, so no event\n\n"
                + "data: last, with no blank line after it";

        assertEquals(List.of(new Event("first", "{\"a\":1}"), new Event(null, "no space after the colon"),
                new Event(null, "one\n two with a kept space"), new Event("empty", ""),
                new Event(null, "last, with no blank line after it")), read(Framing.SERVER_SENT_EVENTS, body));
    }

    @Test
    void anEventNameDoesNotCarryOverToTheNextEvent() throws IOException {
        assertEquals(List.of(new Event("ping", "{}"), new Event(null, "[DONE]")),
                read(Framing.SERVER_SENT_EVENTS, "event: ping\ndata: {}\n\ndata: [DONE]\n\n"));
    }

    @Test
    void newlineDelimitedJsonIsOneEventALineWithOrWithoutAFinalNewline() throws IOException {
        assertEquals(List.of(new Event(null, "{\"a\":1}"), new Event(null, ""), new Event(null, "{\"b\":2}")),
                read(Framing.NDJSON, "{\"a\":1}\r\n\n{\"b\":2}"));
    }
}
