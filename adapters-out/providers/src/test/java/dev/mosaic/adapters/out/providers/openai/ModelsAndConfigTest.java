package dev.mosaic.adapters.out.providers.openai;

import dev.mosaic.testsupport.ReferenceFiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.adapters.out.providers.ProviderCallException;
import dev.mosaic.application.Secret;
import dev.mosaic.application.port.out.provider.ProviderError.Kind;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;

class ModelsAndConfigTest {

    @Test
    void modelsAreListedFromOpenAisListShape() throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.start();
            server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
                    .body(ReferenceFiles.text("openai-models-list.json")).build());

            List<String> models = Fixtures.adapter(server.url("/v1").uri()).listModels();

            assertEquals(List.of("model-id-0", "model-id-1", "model-id-2"), models);
            var request = server.takeRequest();
            assertEquals("GET", request.getMethod());
            assertEquals("/v1/models", request.getUrl().encodedPath());
            assertEquals("Bearer " + Fixtures.API_KEY, request.getHeaders().get("Authorization"));
        }
    }

    @Test
    void anUnreachableEndpointThrowsAClearException() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        URI base = URI.create("http://127.0.0.1:" + port + "/v1");

        ProviderCallException failure = assertThrows(ProviderCallException.class, () -> Fixtures.adapter(base).listModels());

        assertEquals(Kind.UNAVAILABLE, failure.error().kind());
        assertTrue(failure.getMessage().startsWith("cannot reach openai at " + base), failure.getMessage());
    }

    @Test
    void theConfigNeverShowsTheKeyOrHeaderValues() {
        Secret key = Secret.ofNullable("sk-or-v1-supersecretvalue");
        OpenAiChatConfig config = OpenAiChatConfig.of("openrouter", URI.create("https://openrouter.ai/api/v1"), key)
                .withExtraHeaders(Map.of("X-Title", "private-value"));

        String shown = config.toString();

        assertFalse(shown.contains("supersecret"), shown);
        assertFalse(shown.contains("private-value"), shown);
        assertTrue(shown.contains("openrouter") && shown.contains("X-Title") && shown.contains(key.masked()), shown);
    }

    @Test
    void theConfigRejectsWhatCannotWork() {
        URI base = URI.create("https://api.openai.com/v1");
        assertThrows(IllegalArgumentException.class, () -> OpenAiChatConfig.of(" ", base, null));
        assertThrows(IllegalArgumentException.class, () -> OpenAiChatConfig.of("openai", URI.create("ftp://x/v1"), null));
        assertThrows(IllegalArgumentException.class,
                () -> OpenAiChatConfig.of("openai", base, null).withTimeouts(Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(1)));
        assertEquals(Map.of(), new OpenAiChatConfig("openai", base, null, Duration.ofSeconds(1), Duration.ofSeconds(1),
                Duration.ofSeconds(1), null).extraHeaders());
    }
}
