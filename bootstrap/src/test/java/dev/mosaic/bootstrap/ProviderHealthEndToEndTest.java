package dev.mosaic.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mosaic.simulator.ProviderSimulator;
import dev.mosaic.simulator.SimulatorOptions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The health view follows a provider that goes down and comes back, within one probe interval. */
class ProviderHealthEndToEndTest {

    private static JsonNode simulatorHealth(GatewayHarness harness, String token) throws Exception {
        JsonNode providers = harness.get("/api/providers/health", token).body().path("providers");
        for (JsonNode provider : providers) {
            if (provider.path("provider").asText().equals("simulator")) {
                return provider;
            }
        }
        throw new AssertionError("no simulator in " + providers);
    }

    private static JsonNode awaitStatus(GatewayHarness harness, String token, String status) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        JsonNode health = simulatorHealth(harness, token);
        while (!health.path("status").asText().equals(status) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            health = simulatorHealth(harness, token);
        }
        assertEquals(status, health.path("status").asText(), health.toString());
        return health;
    }

    @Test
    void aProviderThatStopsShowsDownAndRecoversByItself() throws Exception {
        try (GatewayHarness harness = GatewayHarness.start(Map.of("MOSAIC_HEALTH_INTERVAL", "PT0.2S"))) {
            String token = harness.newUser();
            assertEquals(401, harness.get("/api/providers/health", null).status());
            JsonNode up = awaitStatus(harness, token, "UP");
            assertEquals("CLOSED", up.path("circuit").asText());
            assertTrue(up.path("latencyMs").asLong() >= 0);

            int port = harness.simulator().port();
            harness.simulator().close();
            JsonNode down = awaitStatus(harness, token, "DOWN");
            assertTrue(down.path("lastError").asText().contains("127.0.0.1:" + port), down.toString());

            try (ProviderSimulator back = ProviderSimulator.start(SimulatorOptions.defaults().withPort(port))) {
                awaitStatus(harness, token, "UP");
            }
        }
    }

    @Test
    void theModelCatalogHasTheSeedModelsAndWhatTheProbesFound() throws Exception {
        try (GatewayHarness harness = GatewayHarness.start(Map.of("MOSAIC_HEALTH_INTERVAL", "PT0.2S"))) {
            String token = harness.newUser();
            assertEquals(401, harness.get("/api/models", null).status());
            awaitStatus(harness, token, "UP");
            JsonNode models = harness.get("/api/models", token).body().path("models");
            JsonNode sonnet = null;
            JsonNode simulated = null;
            for (JsonNode model : models) {
                if (model.path("id").asText().equals("claude-sonnet-4-6")) {
                    sonnet = model;
                }
                if (model.path("provider").asText().equals("simulator")) {
                    simulated = model;
                }
            }
            assertTrue(sonnet != null, "seed models are listed: " + models);
            assertEquals("seed", sonnet.path("source").asText());
            assertTrue(sonnet.path("pricePerMillionTokens").path("input").isNumber(), sonnet.toString());
            assertTrue(simulated != null, "the probe put the simulator's live list in the catalog: " + models);
            assertEquals(ProviderSimulator.MODEL, simulated.path("id").asText());
            assertEquals("live", simulated.path("source").asText());
        }
    }
}
