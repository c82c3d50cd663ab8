package dev.mosaic.tui;

import static dev.mosaic.tui.FakeGateway.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The connection over a real socket, against {@link FakeGateway}. */
class GatewayConnectionTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final List<ServerFrame> frames = new CopyOnWriteArrayList<>();
    private final CompletableFuture<CloseReason> closed = new CompletableFuture<>();
    private final GatewayConnection.Listener listener = new GatewayConnection.Listener() {
        @Override
        public void onFrame(ServerFrame frame) {
            frames.add(frame);
        }

        @Override
        public void onClosed(CloseReason reason) {
            if (!closed.complete(reason)) {
                throw new AssertionError("closed reported twice");
            }
        }
    };
    private final BlockingQueue<FakeGateway.Connection> accepted = new LinkedBlockingQueue<>();
    private FakeGateway gateway;

    @AfterEach
    void stop() throws IOException {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void connectsWithTheBearerTokenAndExchangesFrames() throws Exception {
        start(this::upgradeAndHold);
        GatewayConnection connection = GatewayConnection.connect(gateway.url(), "mosaic_abc", TIMEOUT, listener);
        FakeGateway.Connection server = accepted.take();
        assertEquals("GET /v1/ws HTTP/1.1", server.requestLine());
        assertEquals("Bearer mosaic_abc", server.header("Authorization"));

        server.sendText("{\"type\":\"ready\",\"protocolVersion\":1,\"userId\":\"u1\",\"maxFrameBytes\":1000}");
        connection.send(new ClientFrame.Send("hi", null, "r1")).get(5, TimeUnit.SECONDS);
        assertEquals("{\"type\":\"message:send\",\"text\":\"hi\",\"requestId\":\"r1\"}", server.receive(TIMEOUT));
        eventually(() -> frames.size() == 1);
        assertEquals(new ServerFrame.Ready(1, "u1", 1000), frames.getFirst());
        assertTrue(connection.isOpen());
    }

    @Test
    void reassemblesFragmentedMessagesEvenInsideACharacter() throws Exception {
        start(this::upgradeAndHold);
        GatewayConnection.connect(gateway.url(), "t", TIMEOUT, listener);
        FakeGateway.Connection server = accepted.take();
        String text = "{\"type\":\"message:delta\",\"conversationId\":\"c1\",\"kind\":\"text\",\"text\":\"héllo wörld\"}";
        int e = text.indexOf('é');
        // Split at the second byte of 'é' (two bytes in UTF-8), and again later.
        server.sendFragmented(text, e + 1, e + 3, text.length() - 2);
        server.sendText("{\"type\":\"pong\"}");

        eventually(() -> frames.size() == 2);
        assertEquals("héllo wörld", assertInstanceOf(ServerFrame.MessageDelta.class, frames.get(0)).text());
        assertEquals(new ServerFrame.Pong(), frames.get(1));
    }

    @Test
    void deliversFramesInOrderAndSurvivesOnesItCannotRead() throws Exception {
        start(this::upgradeAndHold);
        GatewayConnection.connect(gateway.url(), "t", TIMEOUT, listener);
        FakeGateway.Connection server = accepted.take();
        server.sendText("not json");
        server.sendText("{\"type\":\"presence\"}");
        String big = "x".repeat(200_000);
        server.sendText("{\"type\":\"message:delta\",\"conversationId\":\"c1\",\"kind\":\"text\",\"text\":\"" + big + "\"}");
        server.sendText("{\"type\":\"pong\"}");

        eventually(() -> frames.size() == 4);
        assertInstanceOf(ServerFrame.Malformed.class, frames.get(0));
        assertEquals("presence", assertInstanceOf(ServerFrame.Unknown.class, frames.get(1)).type());
        assertEquals(big, assertInstanceOf(ServerFrame.MessageDelta.class, frames.get(2)).text());
        assertEquals(new ServerFrame.Pong(), frames.get(3));
        assertFalse(closed.isDone());
    }

    @Test
    void sendsFromManyThreadsOneAtATime() throws Exception {
        start(this::upgradeAndHold);
        GatewayConnection connection = GatewayConnection.connect(gateway.url(), "t", TIMEOUT, listener);
        FakeGateway.Connection server = accepted.take();
        int count = 200;
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> senders = IntStream.range(0, count).mapToObj(i -> Thread.ofVirtual().start(() -> {
            try {
                go.await();
                connection.send(new ClientFrame.Send("message " + i + " " + "y".repeat(i * 50), null, "r" + i));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        })).toList();
        go.countDown();
        for (Thread sender : senders) {
            sender.join();
        }

        Set<String> requestIds = new HashSet<>();
        for (int i = 0; i < count; i++) {
            String text = server.receive(TIMEOUT);
            ClientFrame.Send send = parseSend(text);
            assertTrue(send.text().startsWith("message "), text);
            requestIds.add(send.requestId());
        }
        assertEquals(count, requestIds.size());
    }

    @Test
    void aRejectedTokenSaysWhyInWords() throws Exception {
        start(connection -> refuse(connection, 401, "application/json",
                "{\"type\":\"error\",\"code\":\"token_revoked\",\"message\":\"the token was revoked\"}"));
        GatewayConnectException failure = assertThrows(GatewayConnectException.class,
                () -> GatewayConnection.connect(gateway.url(), "old", TIMEOUT, listener));
        assertEquals("the gateway rejected the token: the token was revoked (token_revoked)", failure.getMessage());
        assertEquals(401, failure.httpStatus());
        assertEquals(new GatewayError("token_revoked", "the token was revoked"), failure.error());
        assertFalse(closed.isDone(), "a connection that never opened is not reported as closed");
    }

    @Test
    void aRejectedTokenWithoutJsonStillSaysSo() throws Exception {
        start(connection -> refuse(connection, 401, "text/plain", "Unauthorized"));
        GatewayConnectException failure = assertThrows(GatewayConnectException.class,
                () -> GatewayConnection.connect(gateway.url(), "old", TIMEOUT, listener));
        assertEquals("the gateway rejected the token: Unauthorized", failure.getMessage());
        assertNull(failure.error());
    }

    @Test
    void anotherHttpAnswerNamesTheStatus() throws Exception {
        start(connection -> refuse(connection, 404, "text/plain", ""));
        GatewayConnectException failure = assertThrows(GatewayConnectException.class,
                () -> GatewayConnection.connect(gateway.url(), "t", TIMEOUT, listener));
        assertEquals("the gateway at " + gateway.url() + " answered HTTP 404 instead of opening a WebSocket: HTTP 404",
                failure.getMessage());
        assertEquals(404, failure.httpStatus());
    }

    @Test
    void aGatewayThatIsNotRunningIsReportedAsSuch() throws Exception {
        int port;
        try (ServerSocket unused = new ServerSocket(0)) {
            port = unused.getLocalPort();
        }
        URI url = URI.create("ws://127.0.0.1:" + port + "/v1/ws");
        GatewayConnectException failure = assertThrows(GatewayConnectException.class,
                () -> GatewayConnection.connect(url, "t", TIMEOUT, listener));
        assertTrue(failure.getMessage().startsWith("could not connect to " + url + " (is the gateway running?)"),
                failure.getMessage());
        assertEquals(0, failure.httpStatus());
    }

    @Test
    void aGatewayThatNeverAnswersTimesOut() throws Exception {
        start(connection -> {
            try {
                Thread.sleep(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        GatewayConnectException failure = assertThrows(GatewayConnectException.class,
                () -> GatewayConnection.connect(gateway.url(), "t", Duration.ofMillis(300), listener));
        // Either the handshake or the JDK's own request timer may fire first; both say so.
        assertTrue(failure.getMessage().contains("timed out"), failure.getMessage());
    }

    @Test
    void onlyWebSocketUrlsAreAccepted() {
        assertThrows(IllegalArgumentException.class,
                () -> GatewayConnection.connect(URI.create("http://127.0.0.1:8080/v1/ws"), "t", TIMEOUT, listener));
    }

    @Test
    void reportsTheGatewaysCloseReason() throws Exception {
        start(this::upgradeAndHold);
        GatewayConnection connection = GatewayConnection.connect(gateway.url(), "t", TIMEOUT, listener);
        FakeGateway.Connection server = accepted.take();
        server.sendText("{\"type\":\"error\",\"code\":\"token_revoked\",\"message\":\"revoked\"}");
        server.sendClose(1008, "token_revoked");

        assertEquals(new CloseReason(1008, "token_revoked"), closed.get(5, TimeUnit.SECONDS));
        assertEquals("token_revoked", assertInstanceOf(ServerFrame.Error.class, frames.getFirst()).error().code());
        assertFalse(connection.isOpen());
    }

    @Test
    void reportsALostConnectionAsAbnormal() throws Exception {
        start(this::upgradeAndHold);
        GatewayConnection.connect(gateway.url(), "t", TIMEOUT, listener);
        accepted.take().drop();
        assertEquals(CloseReason.ABNORMAL, closed.get(5, TimeUnit.SECONDS).statusCode());
    }

    @Test
    void closingSendsACloseFrameAndReportsItOnce() throws Exception {
        start(this::upgradeAndHold);
        GatewayConnection connection = GatewayConnection.connect(gateway.url(), "t", TIMEOUT, listener);
        FakeGateway.Connection server = accepted.take();
        connection.close();

        assertEquals(new CloseReason(CloseReason.NORMAL, "closed by the client"), closed.get(5, TimeUnit.SECONDS));
        assertNull(server.receive(TIMEOUT));
        assertEquals(1000, server.closeStatus(), "the client's close frame");
        assertFalse(connection.isOpen());
        CompletableFuture<Void> late = connection.send(new ClientFrame.Ping());
        assertThrows(Exception.class, () -> late.get(5, TimeUnit.SECONDS));
    }

    private void start(Consumer<FakeGateway.Connection> handler) throws IOException {
        gateway = new FakeGateway(handler);
    }

    /** Upgrades, hands the connection to the test and keeps it open until the test ends. */
    private void upgradeAndHold(FakeGateway.Connection connection) {
        try {
            connection.upgrade();
            accepted.add(connection);
            Thread.sleep(30_000);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void refuse(FakeGateway.Connection connection, int status, String type, String body) {
        try {
            connection.respond(status, status == 401 ? "Unauthorized" : "Not Found", type, body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ClientFrame.Send parseSend(String json) throws IOException {
        JsonNode node = new ObjectMapper().readTree(json);
        return new ClientFrame.Send(node.get("text").asText(), null, node.get("requestId").asText());
    }
}
