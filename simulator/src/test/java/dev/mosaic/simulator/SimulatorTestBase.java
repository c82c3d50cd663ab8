package dev.mosaic.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/**
 * A simulator started by the test that needs it (so each test picks its options) and closed after
 * it, with a client pointed at it: the setup every protocol test shares.
 */
abstract class SimulatorTestBase {

    ProviderSimulator simulator;
    SimulatorClient client;

    /** Where the client points: the root, under which every protocol's paths lie. */
    URI clientUrl(ProviderSimulator started) {
        return started.rootUrl();
    }

    void start(SimulatorOptions options) {
        simulator = ProviderSimulator.start(options);
        client = new SimulatorClient(clientUrl(simulator));
    }

    /** Without token delays, so tests do not wait for replies they only read. */
    void start() {
        start(SimulatorOptions.defaults().withTokenDelay(Duration.ZERO));
    }

    @AfterEach
    void stop() {
        if (simulator != null) {
            simulator.close();
        }
    }

    HttpResponse<String> ask(TestProtocol protocol, ObjectNode body) {
        return client.send(protocol.post(client, body));
    }

    /** The events of a reply that must have streamed as typed server-sent events. */
    static List<Wire.Event> sseEvents(HttpResponse<String> response) {
        assertEquals(200, response.statusCode(), response::body);
        assertTrue(response.headers().firstValue("content-type").orElseThrow().startsWith("text/event-stream"));
        return Wire.events(response.body());
    }

    /**
     * The pieces a test reads out of a reference transcript, to script the reply that streams like
     * it: thinking and text as they came, then each tool call with its argument fragments.
     */
    static final class ReplyPieces {
        final List<String> thinking = new ArrayList<>();
        final List<String> text = new ArrayList<>();
        private final List<JsonNode> calls = new ArrayList<>();
        private final List<List<String>> fragments = new ArrayList<>();

        /** A call starts; the fragments that follow are its arguments. */
        void call(JsonNode call) {
            calls.add(call);
            fragments.add(new ArrayList<>());
        }

        void fragment(String piece) {
            fragments.getLast().add(piece);
        }

        /** The reply, each call's id read from its field {@code idField}. */
        Reply reply(String idField) {
            Reply reply = Reply.text(text.toArray(String[]::new)).withThinking(thinking.toArray(String[]::new));
            for (int i = 0; i < calls.size(); i++) {
                reply = reply.withToolCall(calls.get(i).path(idField).asText(), calls.get(i).path("name").asText(),
                        fragments.get(i).toArray(String[]::new));
            }
            return reply;
        }
    }
}
