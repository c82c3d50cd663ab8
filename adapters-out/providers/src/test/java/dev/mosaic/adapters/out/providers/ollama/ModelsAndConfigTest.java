package dev.mosaic.adapters.out.providers.ollama;

import dev.mosaic.testsupport.ReferenceFiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mosaic.adapters.out.providers.MockServerTest;
import dev.mosaic.adapters.out.providers.ProviderCallException;
import dev.mosaic.adapters.out.providers.ProviderFixtures;
import dev.mosaic.application.port.out.provider.ProviderError.Kind;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

class ModelsAndConfigTest extends MockServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static MockResponse json(String body) {
        return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json").body(body).build();
    }

    @Test
    void theModelsPulledAreListedByName() throws Exception {
        server.enqueue(json(ReferenceFiles.text("ollama-tags.json")));

        List<String> models = Fixtures.adapter(server.url("/").uri()).listModels();

        assertEquals(List.of("deepseek-r1:latest", "llama3.2:latest"), models);
        RecordedRequest request = server.takeRequest();
        assertEquals("GET", request.getMethod());
        assertEquals("/api/tags", request.getUrl().encodedPath());
    }

    @Test
    void theContextWindowIsTheArchitecturesContextLength() throws Exception {
        server.enqueue(json(ReferenceFiles.text("ollama-show.json")));
        server.enqueue(json(ReferenceFiles.text("ollama-show-nomic-embed-text.json")));
        OllamaChatAdapter adapter = Fixtures.adapter(server.url("/").uri());

        assertEquals(OptionalInt.of(8192), adapter.contextWindow("llama3"));
        assertEquals(OptionalInt.of(2048), adapter.contextWindow("nomic-embed-text"));
        RecordedRequest request = server.takeRequest();
        assertEquals("POST", request.getMethod());
        assertEquals("/api/show", request.getUrl().encodedPath());
        assertEquals(JSON.readTree("{\"model\":\"llama3\"}"), JSON.readTree(request.getBody().utf8()));
    }

    @Test
    void aModelWithoutAStatedContextLengthHasNoKnownWindow() {
        server.enqueue(json("{\"model_info\":{\"general.architecture\":\"mystery\"},\"capabilities\":[\"completion\"]}"));

        assertEquals(OptionalInt.empty(), Fixtures.adapter(server.url("/").uri()).contextWindow("mystery"));
    }

    @Test
    void askingAboutAModelThatIsNotPulledSaysHowToPullIt() {
        server.enqueue(ProviderFixtures.recorded(ReferenceFiles.json("ollama-errors.json").path("model_not_found")));

        ProviderCallException failure = assertThrows(ProviderCallException.class,
                () -> Fixtures.adapter(server.url("/").uri()).contextWindow("llama3"));

        assertEquals(Kind.BAD_REQUEST, failure.error().kind());
        assertTrue(failure.getMessage().endsWith("(run `ollama pull llama3` where Ollama runs)"), failure.getMessage());
    }

    @Test
    void anUnreachableServerThrowsAClearException() throws Exception {
        URI host = ProviderFixtures.refusingBaseUrl("");

        ProviderCallException failure = assertThrows(ProviderCallException.class, () -> Fixtures.adapter(host).listModels());

        assertEquals(Kind.UNAVAILABLE, failure.error().kind());
        assertTrue(failure.getMessage().startsWith("cannot reach ollama at " + host), failure.getMessage());
    }

    @Test
    void theConfigRejectsWhatCannotWorkAndWaitsLongForAModelToLoad() {
        assertEquals(Duration.ofMinutes(3), OllamaConfig.of("ollama", OllamaConfig.DEFAULT_HOST).firstByteTimeout());
        assertThrows(IllegalArgumentException.class, () -> OllamaConfig.of("", OllamaConfig.DEFAULT_HOST));
        assertThrows(IllegalArgumentException.class, () -> OllamaConfig.of("ollama", URI.create("127.0.0.1:11434")));
        assertThrows(IllegalArgumentException.class, () -> OllamaConfig.of("ollama", OllamaConfig.DEFAULT_HOST)
                .withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(-1)));
    }
}
