package dev.mosaic.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Requests at the edge of what HTTP allows, over bare connections to the production wiring. */
class HttpEdgesEndToEndTest {

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
}
