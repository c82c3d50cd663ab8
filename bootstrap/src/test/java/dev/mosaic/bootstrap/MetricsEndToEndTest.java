package dev.mosaic.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mosaic.simulator.Reply;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Messages through the simulator, then the counters as a Prometheus scrape of {@code /metrics} reads them. */
class MetricsEndToEndTest {

    private static GatewayHarness harness;

    @BeforeAll
    static void start() {
        harness = GatewayHarness.start();
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    private static String scrape() throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(harness.gateway().httpUri().resolve("/metrics"))
                    .header("Accept", "text/plain").build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), response.body());
            return response.body();
        }
    }

    /** The value of the sample of {@code name} with all the given labels ({@code key="value"}); 0 when there is none. */
    private static double sample(String scrape, String name, String... labels) {
        List<String> found = scrape.lines()
                .filter(line -> line.startsWith(name + "{") && Arrays.stream(labels).allMatch(line::contains))
                .toList();
        assertTrue(found.size() <= 1, name + " " + Arrays.toString(labels) + " in\n" + scrape);
        return found.stream().mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst().orElse(0);
    }

    /** How much a sample grew from one scrape to the next (the counts are the process's, as Helidon keeps them). */
    private static double grown(String before, String after, String name, String... labels) {
        return sample(after, name, labels) - sample(before, name, labels);
    }

    @Test
    void repliesTokensTimingsErrorsSocketsAndThePoolAreCounted() throws Exception {
        String token = harness.newUser();
        String before = scrape();
        assertEquals(404, harness.get("/api/conversations/" + UUID.randomUUID(), token).status());
        try (RawSocket socket = new RawSocket(harness.webSocket(), token)) {
            socket.next("ready");
            socket.send("{\"type\":\"message:send\",\"text\":\"count me\"}");
            JsonNode complete = socket.next("message:end");
            harness.simulator().script(Reply.httpError(401, "{\"error\":{\"message\":\"Incorrect API key provided\"}}"));
            socket.send("{\"type\":\"message:send\",\"text\":\"fail me\"}");
            JsonNode partial = socket.next("message:end");
            assertEquals("partial", partial.path("status").asText());

            String after = scrape();

            String provider = "provider=\"" + complete.path("provider").asText() + "\"";
            String model = "model=\"" + complete.path("model").asText() + "\"";
            assertEquals(1, grown(before, after, "mosaic_replies_total", provider, model, "status=\"complete\""));
            assertEquals(1, grown(before, after, "mosaic_replies_total", provider, model, "status=\"partial\""));
            long input = complete.path("usage").path("inputTokens").asLong() + partial.path("usage").path("inputTokens").asLong();
            long output = complete.path("usage").path("outputTokens").asLong() + partial.path("usage").path("outputTokens").asLong();
            assertTrue(output > 0);
            assertEquals(input, grown(before, after, "mosaic_tokens_total", provider, model, "kind=\"input\""));
            assertEquals(output, grown(before, after, "mosaic_tokens_total", provider, model, "kind=\"output\""));
            // The failed reply never had a first token, but it took its time.
            assertEquals(1, grown(before, after, "mosaic_reply_time_to_first_token_seconds_count", provider, model));
            assertEquals(1, grown(before, after, "mosaic_reply_time_to_first_token_seconds_bucket", provider, model,
                    "le=\"+Inf\""));
            assertEquals(2, grown(before, after, "mosaic_reply_duration_seconds_count", provider, model));
            assertEquals(1, grown(before, after, "mosaic_errors_total", "code=\"provider_authentication\""), "counted once");
            assertEquals(1, grown(before, after, "mosaic_errors_total", "code=\"not_found\""));
            assertEquals(1, grown(before, after, "mosaic_websockets_open"));
            double max = sample(after, "mosaic_db_pool_max", "pool=\"postgres\"");
            assertEquals(GatewaySettings.load(Map.of()).database().poolSize(), max);
            assertTrue(sample(after, "mosaic_db_pool_connections", "state=\"active\"")
                    + sample(after, "mosaic_db_pool_connections", "state=\"idle\"") <= max);
        }
    }
}
