package dev.mosaic.adapters.out.providers.anthropic;

import dev.mosaic.testsupport.ReferenceFiles;

import static dev.mosaic.adapters.out.providers.anthropic.Fixtures.API_KEY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.adapters.out.providers.ProviderCallException;
import dev.mosaic.adapters.out.providers.ProviderFixtures;
import dev.mosaic.application.Secret;
import dev.mosaic.application.port.out.provider.ProviderError.Kind;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

class ModelsAndConfigTest {

    private static MockResponse json(String body) {
        return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json").body(body).build();
    }

    @Test
    void modelsAreListedPageByPageWithTheirContextWindowsWhereStated() throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.start();
            // The documented example says there is more after it; the extended one ends the list.
            server.enqueue(json(ReferenceFiles.text("anthropic-models-list.json")));
            server.enqueue(json(ReferenceFiles.text("anthropic-models-list-extended.json")));

            List<AnthropicModel> models = Fixtures.adapter(server.url("/").uri()).listModels();

            assertEquals(List.of(
                    new AnthropicModel("claude-sonnet-4-20250514", "Claude Sonnet 4", OptionalInt.empty()),
                    new AnthropicModel("claude-sonnet-4-5-20250929", "Claude Sonnet 4.5", OptionalInt.of(200000))), models);
            RecordedRequest first = server.takeRequest();
            assertEquals("GET", first.getMethod());
            assertEquals("/v1/models", first.getUrl().encodedPath());
            assertEquals("1000", first.getUrl().queryParameter("limit"));
            assertEquals(null, first.getUrl().queryParameter("after_id"));
            assertEquals(API_KEY, first.getHeaders().get("x-api-key"));
            assertEquals("2023-06-01", first.getHeaders().get("anthropic-version"));
            assertEquals("<string>", server.takeRequest().getUrl().queryParameter("after_id"));
        }
    }

    @Test
    void aServerRepeatingItsLastIdIsNotAskedForever() throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.start();
            String page = "{\"data\":[{\"type\":\"model\",\"id\":\"m\"}],\"has_more\":true,\"last_id\":\"m\"}";
            server.enqueue(json(page));
            server.enqueue(json(page));

            List<AnthropicModel> models = Fixtures.adapter(server.url("/").uri()).listModels();

            assertEquals(2, models.size());
            assertEquals(2, server.getRequestCount());
        }
    }

    @Test
    void aRefusedModelListThrowsTheMappedError() throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.start();
            server.enqueue(ProviderFixtures.recorded(ReferenceFiles.json("anthropic-error-401.json")));

            ProviderCallException failure = assertThrows(ProviderCallException.class,
                    () -> Fixtures.adapter(server.url("/").uri()).listModels());

            assertEquals(Kind.AUTHENTICATION, failure.error().kind());
            assertEquals("anthropic answered HTTP 401 (authentication_error): invalid x-api-key", failure.getMessage());
        }
    }

    @Test
    void anUnreachableEndpointThrowsAClearException() throws Exception {
        URI base = ProviderFixtures.refusingBaseUrl("/");

        ProviderCallException failure = assertThrows(ProviderCallException.class, () -> Fixtures.adapter(base).listModels());

        assertEquals(Kind.UNAVAILABLE, failure.error().kind());
        assertTrue(failure.getMessage().startsWith("cannot reach anthropic at " + base), failure.getMessage());
    }

    @Test
    void theConfigNeverShowsTheKeyTheTokenOrHeaderValues() {
        Secret key = Secret.ofNullable("sk-ant-api03-supersecretvalue");
        Secret token = Secret.ofNullable("sk-ant-oat01-alsosecretvalue");
        AnthropicConfig config = AnthropicConfig.of("anthropic", AnthropicConfig.DEFAULT_BASE_URL, key)
                .withOAuthToken(token, null).withExtraHeaders(Map.of("X-Private", "private-value"));

        String shown = config.toString();

        assertFalse(shown.contains("supersecret") || shown.contains("alsosecret") || shown.contains("private-value"), shown);
        assertTrue(shown.contains(key.masked()) && shown.contains(token.masked()) && shown.contains("X-Private"), shown);
    }

    @Test
    void theConfigFillsInDefaultsAndRejectsWhatCannotWork() {
        URI base = AnthropicConfig.DEFAULT_BASE_URL;
        Duration second = Duration.ofSeconds(1);
        AnthropicConfig defaults = new AnthropicConfig("anthropic", base, null, null, " ", second, second, second, 0, null, null);

        assertEquals("2023-06-01", defaults.anthropicVersion());
        assertEquals(8192, defaults.defaultMaxTokens());
        assertEquals(Map.of(), defaults.extraHeaders());
        assertThrows(IllegalArgumentException.class, () -> AnthropicConfig.of(" ", base, null));
        assertThrows(IllegalArgumentException.class, () -> AnthropicConfig.of("anthropic", URI.create("ftp://x"), null));
        assertThrows(IllegalArgumentException.class,
                () -> AnthropicConfig.of("anthropic", base, null).withTimeouts(second, Duration.ZERO, second));
        assertThrows(IllegalArgumentException.class,
                () -> new AnthropicConfig("anthropic", base, null, null, null, second, second, second, -1, Map.of(), null));
    }
}
