package dev.mosaic.adapters.in.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.metrics.api.Metrics;
import io.helidon.webserver.WebServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The health endpoints as Helidon's observe feature serves them, with readiness checks that go down. */
class ObservabilityTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicBoolean databaseUp = new AtomicBoolean(true);
    private static final HttpClient client = HttpClient.newHttpClient();
    private static WebServer server;

    @BeforeAll
    static void start() {
        server = WebServer.builder().host("127.0.0.1").port(0).shutdownHook(false).featuresDiscoverServices(false)
                .addFeature(Observability.feature(List.of(new ReadinessCheck("postgres", databaseUp::get),
                        new ReadinessCheck("redis", () -> true)), Metrics.globalRegistry()))
                .build().start();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    private static HttpResponse<String> call(String method, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void readinessNamesTheServiceThatIsDown() throws Exception {
        HttpResponse<String> up = call("GET", "/health/ready");
        assertEquals(200, up.statusCode());
        assertEquals(JSON.readTree("""
                {"status":"UP","checks":[{"name":"postgres","status":"UP"},{"name":"redis","status":"UP"}]}"""),
                JSON.readTree(up.body()));

        databaseUp.set(false);
        try {
            HttpResponse<String> down = call("GET", "/health/ready");
            assertEquals(503, down.statusCode());
            JsonNode body = JSON.readTree(down.body());
            assertEquals("DOWN", body.path("status").asText());
            assertEquals(JSON.readTree("{\"name\":\"postgres\",\"status\":\"DOWN\"}"), body.path("checks").get(0));
        } finally {
            databaseUp.set(true);
        }
    }

    @Test
    void aCheckThatThrowsIsDownNotAnError() throws Exception {
        WebServer failing = WebServer.builder().host("127.0.0.1").port(0).shutdownHook(false).featuresDiscoverServices(false)
                .addFeature(Observability.feature(List.of(new ReadinessCheck("redis", () -> {
                    throw new IllegalStateException("connection refused");
                })), Metrics.globalRegistry())).build().start();
        try {
            HttpResponse<String> answer = client.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + failing.port() + "/health/ready")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(503, answer.statusCode());
            assertEquals("DOWN", JSON.readTree(answer.body()).path("checks").get(0).path("status").asText());
        } finally {
            failing.stop();
        }
    }

    @Test
    void headAnswersTheStatusWithoutABody() throws Exception {
        HttpResponse<String> up = call("HEAD", "/health/ready");
        assertEquals(204, up.statusCode());
        assertEquals("", up.body());
        databaseUp.set(false);
        try {
            assertEquals(503, call("HEAD", "/health/ready").statusCode());
        } finally {
            databaseUp.set(true);
        }
    }

    @Test
    void livenessNeedsNothingButTheProcess() throws Exception {
        databaseUp.set(false);
        try {
            HttpResponse<String> live = call("GET", "/health/live");
            assertEquals(200, live.statusCode());
            assertEquals("UP", JSON.readTree(live.body()).path("status").asText());
        } finally {
            databaseUp.set(true);
        }
    }
}
