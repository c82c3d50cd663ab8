package dev.mosaic.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Input at the edge of what HTTP and WebSocket allow, over bare connections to the production wiring. */
class BadInputEndToEndTest {

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

    private static RawHttp connect() throws Exception {
        return new RawHttp(harness.gateway().port());
    }

    private static JsonNode json(RawHttp.Response response) throws Exception {
        return JSON.readTree(response.body());
    }

    @Test
    void aHeadAnswerHasNoBodySoTheConnectionStaysInStep() throws Exception {
        String token = harness.newUser();
        try (RawHttp http = connect()) {
            http.write("HEAD /api/models HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token + "\r\n\r\n"
                    + "HEAD /no/such/thing HTTP/1.1\r\nHost: localhost\r\n\r\n"
                    + "GET /no/such/thing HTTP/1.1\r\nHost: localhost\r\n\r\n");

            assertEquals(404, http.read(true).status());
            assertEquals(404, http.read(true).status());
            RawHttp.Response get = http.read();
            assertEquals(404, get.status(), "the third answer starts where the second ended");
            assertEquals("application/json", get.header("Content-Type"));
            assertEquals("not_found", json(get).path("code").asText());
        }
    }

    private static String patchHead(String token, String framing) {
        return "PATCH /api/conversations/" + UUID.randomUUID() + " HTTP/1.1\r\nHost: localhost\r\n"
                + (token == null ? "" : "Authorization: Bearer " + token + "\r\n")
                + "Content-Type: application/json\r\n" + framing + "\r\n\r\n";
    }

    private static String chunk(String data) {
        return Integer.toHexString(data.length()) + "\r\n" + data + "\r\n";
    }

    @Test
    void aStrangerIsTurnedAwayBeforeAByteOfItsBodyIsRead() throws Exception {
        try (RawHttp http = connect()) {
            // A body that says it has no end: only the first piece is ever sent.
            http.write(patchHead(null, "Transfer-Encoding: chunked") + chunk("{\"title\":\"" + "x".repeat(8192)));

            RawHttp.Response answer = http.read();
            assertEquals(401, answer.status());
            assertEquals("unauthorized", json(answer).path("code").asText());
            assertEquals("close", answer.header("Connection"));
            assertTrue(http.closedByServer(), "the gateway does not wait for the rest of the body");
        }
    }

    @Test
    void aBodyOverTheLimitIsRefusedBeforeItIsRead() throws Exception {
        String token = harness.newUser();
        try (RawHttp http = connect()) {
            http.write(patchHead(token, "Content-Length: " + (256L << 20)));

            RawHttp.Response answer = http.read();
            assertEquals(413, answer.status());
            assertEquals("application/json", answer.header("Content-Type"));
            JsonNode error = json(answer);
            assertEquals("body_too_large", error.path("code").asText());
            assertTrue(error.path("message").asText().contains("1048576"), error.toString());
            assertTrue(http.closedByServer());
        }
    }

    @Test
    void aChunkedBodyIsCutOffWhereItPassesTheLimit() throws Exception {
        String token = harness.newUser();
        try (RawHttp http = connect()) {
            // Well-formed as far as it goes, so that the gateway reads on until the limit.
            StringBuilder request = new StringBuilder(patchHead(token, "Transfer-Encoding: chunked"))
                    .append(chunk("{\"title\":\""));
            for (int sent = 0; sent <= 1 << 20; sent += 1 << 16) {
                request.append(chunk("x".repeat(1 << 16)));
            }
            http.write(request.toString());

            RawHttp.Response answer = http.read();
            assertEquals(413, answer.status(), answer.body());
            assertEquals("body_too_large", json(answer).path("code").asText());
            assertTrue(http.closedByServer());
        }
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"not base64 at all!", "c2hvcnQ="})
    void anUpgradeWithAMalformedKeyIsABadRequest(String key) throws Exception {
        try (RawHttp http = connect()) {
            http.write("GET /v1/ws HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + harness.newUser() + "\r\n"
                    + "Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
                    + "Sec-WebSocket-Key: " + key + "\r\n\r\n");

            RawHttp.Response answer = http.read();
            assertEquals(400, answer.status(), answer.body());
            assertEquals("invalid_input", json(answer).path("code").asText());
        }
    }

    @Test
    void textThatIsNotUtf8FailsTheConnectionWith1007() throws Exception {
        try (RawHttp ws = connect()) {
            ws.upgrade(harness.newUser());
            assertTrue(ws.readFrame().text().contains("\"ready\""));

            ws.writeFrame(RawHttp.TEXT, new byte[] {'{', '"', 't', 'y', 'p', 'e', '"', ':', '"', (byte) 0xff, (byte) 0xfe, '"', '}'});

            assertEquals(1007, ws.readUntilClose().closeCode());
        }
    }

    @Test
    void aLoneSurrogateIsRefusedAndNothingIsStored() throws Exception {
        String token = harness.newUser();
        try (RawSocket socket = new RawSocket(harness.webSocket(), token)) {
            socket.next("ready");
            socket.send("{\"type\":\"message:send\",\"text\":\"half a smile \\ud83d\",\"requestId\":\"r1\"}");

            JsonNode error = socket.next();
            assertEquals("error", error.path("type").asText());
            assertEquals("invalid_input", error.path("code").asText());
            socket.send("{\"type\":\"ping\"}");
            assertEquals("pong", socket.next().path("type").asText(), "nothing else came, and the connection stays open");
        }
        assertEquals(0, harness.get("/api/conversations", token).body().path("total").asInt());
    }

    @Test
    void aFrameBeyondWhatTheGatewayWillReadClosesWith1009() throws Exception {
        try (RawHttp ws = connect()) {
            ws.upgrade(harness.newUser());
            int limit = JSON.readTree(ws.readFrame().text()).path("maxFrameBytes").asInt();

            ws.writeFrame(RawHttp.TEXT, ("{\"type\":\"message:send\",\"text\":\"" + "x".repeat(4 * limit) + "\"}")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));

            assertEquals(1009, ws.readUntilClose().closeCode());
        }
    }
}
