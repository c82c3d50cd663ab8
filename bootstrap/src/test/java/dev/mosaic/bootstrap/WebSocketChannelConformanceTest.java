package dev.mosaic.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mosaic.application.channel.ChannelAdapter;
import dev.mosaic.application.channel.ChannelHealth;
import dev.mosaic.application.channel.Delivery;
import dev.mosaic.channelconformance.ChannelConformance;
import dev.mosaic.channelconformance.ChannelDriver;
import dev.mosaic.channelconformance.Exchange;
import dev.mosaic.channelconformance.Participant;
import dev.mosaic.channelconformance.Stored;
import dev.mosaic.simulator.Reply;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The channel conformance kit, run for the WebSocket channel through a plain WebSocket client, and
 * the channel's lifecycle.
 */
class WebSocketChannelConformanceTest extends ChannelConformance {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static GatewayHarness harness;

    @BeforeAll
    static void start() {
        harness = GatewayHarness.start();
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @Test
    void itCountsItsConnectionsAndTellsThemToGoAwayWhenTheGatewayStops() throws Exception {
        Gateway another = harness.startAnother();
        ChannelAdapter channel = another.channels().getFirst();
        assertEquals("websocket", channel.name());
        assertEquals(Delivery.STREAMED, channel.delivery());
        try (RawSocket socket = new RawSocket(another.webSocketUri(), harness.newUser())) {
            socket.next("ready");
            assertEquals(new ChannelHealth(ChannelHealth.State.UP, 1, "1 connection(s)"), channel.health());

            another.close();

            assertEquals("1001 the gateway is stopping", socket.closeStatus());
            assertEquals(ChannelHealth.State.DOWN, channel.health().state());
        }
    }

    @Override
    protected ChannelDriver driver() {
        return new ChannelDriver() {
            @Override
            public boolean streams() {
                return true;
            }

            @Override
            public Participant newParticipant() throws Exception {
                return connect(harness.newUser());
            }

            @Override
            public Participant stranger() throws Exception {
                return connect("mosaic_" + UUID.randomUUID());
            }

            @Override
            public void nextAnswer(List<String> pieces, Duration pause) {
                harness.simulator().script(Reply.text(pieces.toArray(String[]::new)).withTokenDelay(pause));
            }
        };
    }

    /** A participant on one connection; one the gateway turned away has every request refused with its code. */
    private static Participant connect(String token) throws Exception {
        try {
            RawSocket socket = new RawSocket(harness.webSocket(), token);
            socket.next("ready");
            return new OnSocket(socket);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof WebSocketHandshakeException refused)) {
                throw e;
            }
            String code = JSON.readTree(String.valueOf(refused.getResponse().body())).path("code").asText();
            return new Participant() {
                @Override
                public Exchange send(String conversationId, String text) {
                    return Exchange.refused(null, code);
                }

                @Override
                public Exchange sendAndAbort(String conversationId, String text) {
                    return Exchange.refused(null, code);
                }

                @Override
                public Stored open(String conversationId) {
                    return Stored.refused(code);
                }
            };
        }
    }

    private record OnSocket(RawSocket socket) implements Participant {

        @Override
        public Exchange send(String conversationId, String text) throws Exception {
            return exchange(conversationId, text, false);
        }

        @Override
        public Exchange sendAndAbort(String conversationId, String text) throws Exception {
            return exchange(conversationId, text, true);
        }

        /** Follows the frames of one exchange until its last message:end, or its error. */
        private Exchange exchange(String conversationId, String text, boolean abort) throws Exception {
            String requestId = UUID.randomUUID().toString();
            ObjectNode send = JSON.createObjectNode().put("type", "message:send").put("text", text)
                    .put("requestId", requestId);
            if (conversationId != null) {
                send.put("conversationId", conversationId);
            }
            socket.send(send.toString());
            List<String> pieces = new ArrayList<>();
            String conversation = conversationId;
            boolean aborted = false;
            while (true) {
                JsonNode frame = socket.next();
                switch (frame.path("type").asText()) {
                    case "error" -> {
                        return Exchange.refused(frame.path("conversationId").asText(conversation), frame.path("code").asText());
                    }
                    case "message:stored" -> conversation = frame.path("conversationId").asText();
                    case "message:delta" -> {
                        if (frame.path("kind").asText().equals("text")) {
                            pieces.add(frame.path("text").asText());
                            if (abort && !aborted) {
                                aborted = true;
                                socket.send(JSON.createObjectNode().put("type", "message:abort")
                                        .put("conversationId", conversation).toString());
                            }
                        }
                    }
                    case "message:end" -> {
                        if (!frame.path("continues").asBoolean()) {
                            JsonNode error = frame.path("error");
                            return new Exchange(conversation, pieces, frame.path("status").asText(),
                                    error.isObject() ? error.path("code").asText() : null);
                        }
                    }
                    default -> {
                    }
                }
            }
        }

        @Override
        public Stored open(String conversationId) throws Exception {
            socket.send(JSON.createObjectNode().put("type", "conversation:open").put("conversationId", conversationId)
                    .toString());
            while (true) {
                JsonNode frame = socket.next();
                switch (frame.path("type").asText()) {
                    case "error" -> {
                        return Stored.refused(frame.path("code").asText());
                    }
                    case "conversation:history" -> {
                        List<Stored.Turn> turns = new ArrayList<>();
                        for (JsonNode message : frame.path("messages")) {
                            StringBuilder text = new StringBuilder();
                            for (JsonNode block : message.path("content")) {
                                if (block.path("type").asText().equals("text")) {
                                    text.append(block.path("text").asText());
                                }
                            }
                            turns.add(new Stored.Turn(message.path("role").asText(), text.toString(),
                                    message.path("status").asText()));
                        }
                        return new Stored(turns, null);
                    }
                    default -> {
                    }
                }
            }
        }

        @Override
        public void close() {
            socket.close();
        }
    }
}
