package dev.mosaic.adapters.out.providers.openai;

import dev.mosaic.testsupport.ReferenceFiles;

import static dev.mosaic.adapters.out.providers.ProviderFixtures.CLIENT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mosaic.adapters.out.providers.MockServerTest;
import dev.mosaic.adapters.out.providers.ProviderCallException;
import dev.mosaic.adapters.out.providers.ProviderFixtures;
import dev.mosaic.application.Secret;
import dev.mosaic.application.catalog.Capability;
import dev.mosaic.application.catalog.LiveModel;
import dev.mosaic.application.catalog.Prices;
import dev.mosaic.application.port.out.provider.ProviderError.Kind;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

class OpenRouterModelsTest extends MockServerTest {
    private static final String KEY = "sk-or-v1-test0123456789";

    private OpenRouterModels models() {
        return new OpenRouterModels(OpenAiChatConfig.of("openrouter", server.url("/api/v1").uri(), Secret.ofNullable(KEY))
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(5))
                .withExtraHeaders(Map.of("X-Title", "Mosaic")), CLIENT);
    }

    private static MockResponse json(String body) {
        return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json").body(body).build();
    }

    @Test
    void theRecordedListIsReadWithPricesPerMillionLimitsAndCapabilities() throws Exception {
        server.enqueue(json(ReferenceFiles.text("openrouter-models.json")));

        List<LiveModel> live = models().list();

        assertEquals(List.of(
                new LiveModel("x-ai/grok-4.20", "xAI: Grok 4.20", 2_000_000, null,
                        new Prices(new BigDecimal("2"), new BigDecimal("6"), new BigDecimal("0.2")),
                        Set.of(Capability.STREAMING, Capability.VISION, Capability.TOOLS, Capability.REASONING)),
                new LiveModel("bytedance-seed/seed-1.6-flash", "ByteDance Seed: Seed 1.6 Flash", 262_144, 16_384,
                        new Prices(new BigDecimal("0.075"), new BigDecimal("0.3"), null),
                        Set.of(Capability.STREAMING, Capability.VISION, Capability.TOOLS, Capability.REASONING))),
                live);
        RecordedRequest request = server.takeRequest();
        assertEquals("GET", request.getMethod());
        assertEquals("/api/v1/models", request.getUrl().encodedPath());
        assertEquals("Bearer " + KEY, request.getHeaders().get("Authorization"));
        assertEquals("Mosaic", request.getHeaders().get("X-Title"));
    }

    @Test
    void textOnlyModelsWithoutToolsOrReasoningOnlyStream() {
        server.enqueue(json("""
                {"data":[{"id":"plain/model","name":"Plain","context_length":8192,
                  "architecture":{"input_modalities":["text"]},
                  "pricing":{"prompt":"0.0000005","completion":"0.0000015"},
                  "supported_parameters":["max_tokens","temperature"]}]}"""));

        assertEquals(List.of(new LiveModel("plain/model", "Plain", 8_192, null, Prices.perMillion("0.5", "1.5", null),
                Set.of(Capability.STREAMING))), models().list());
    }

    @Test
    void variablePricesMissingFieldsAndNonsenseCountAsUnknown() {
        // openrouter/auto routes to other models, so its list entry has no fixed price ("-1").
        server.enqueue(json("""
                {"data":[
                  {"id":"openrouter/auto","name":"Auto Router","context_length":2000000,
                   "pricing":{"prompt":"-1","completion":"-1"}},
                  {"id":"odd/model","context_length":"lots","top_provider":{"max_completion_tokens":0},
                   "pricing":{"prompt":"free","completion":"0","input_cache_read":null}},
                  {"name":"an entry without an id is skipped"}
                ]}"""));

        assertEquals(List.of(
                new LiveModel("openrouter/auto", "Auto Router", 2_000_000, null, Prices.UNKNOWN, Set.of(Capability.STREAMING)),
                new LiveModel("odd/model", null, null, null, new Prices(null, BigDecimal.ZERO, null), Set.of(Capability.STREAMING))),
                models().list());
    }

    @Test
    void aRefusedListThrowsTheMappedError() {
        server.enqueue(ProviderFixtures.recorded(ReferenceFiles.json("openrouter-errors.json").path("401")));

        ProviderCallException failure = assertThrows(ProviderCallException.class, () -> models().list());

        assertEquals(Kind.AUTHENTICATION, failure.error().kind());
    }
}
