package dev.mosaic.adapters.out.providers.ollama;

import dev.mosaic.testsupport.ReferenceFiles;

import static dev.mosaic.adapters.out.providers.ProviderFixtures.errorBeforeStream;
import static dev.mosaic.adapters.out.providers.ProviderFixtures.recorded;
import static dev.mosaic.adapters.out.providers.ollama.Fixtures.adapter;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.adapters.out.providers.MockServerTest;
import dev.mosaic.adapters.out.providers.ProviderFixtures;
import dev.mosaic.application.port.out.provider.ChatRequest;
import dev.mosaic.application.port.out.provider.ProviderError;
import dev.mosaic.application.port.out.provider.ProviderError.Kind;
import java.util.List;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Errors before the stream: the status and Ollama's {@code {"error":"..."}} body (or any body). */
class HttpErrorMappingTest extends MockServerTest {

    private ProviderError call(String model, MockResponse response) {
        return errorBeforeStream(server, adapter(server.url("/").uri()),
                new ChatRequest(model, "", List.of(ProviderFixtures.user("hi")), 0), response);
    }

    @Test
    void aModelThatIsNotPulledSaysHowToPullIt() {
        ProviderError error = call("llama3", recorded(ReferenceFiles.json("ollama-errors.json").path("model_not_found")));

        assertEquals(Kind.BAD_REQUEST, error.kind());
        assertEquals(404, error.httpStatus());
        assertFalse(error.retryable());
        assertEquals("ollama answered HTTP 404 for " + server.url("/api/chat") + ": model \"llama3\" not found, try pulling"
                + " it first (run `ollama pull llama3` where Ollama runs)", error.message());
    }

    @Test
    void aFailingModelIsUnavailable() {
        ProviderError error = call("llama3.2", recorded(ReferenceFiles.json("ollama-errors.json").path("generic")));

        assertEquals(Kind.UNAVAILABLE, error.kind());
        assertTrue(error.retryable());
        assertEquals("ollama answered HTTP 500: the model failed to generate a response", error.message());
    }

    @Test
    void aWrongPathIsNotMistakenForAMissingModel() {
        ProviderError error = call("llama3.2", new MockResponse.Builder().code(404).addHeader("Content-Type", "text/plain")
                .body("404 page not found").build());

        assertEquals(Kind.BAD_REQUEST, error.kind());
        assertEquals("ollama answered HTTP 404 for " + server.url("/api/chat") + ": 404 page not found", error.message());
    }

    @ParameterizedTest
    @CsvSource({"400, BAD_REQUEST, false", "401, AUTHENTICATION, false", "429, RATE_LIMITED, true",
            "502, UNAVAILABLE, true", "503, UNAVAILABLE, true"})
    void statusesMapToKinds(int status, Kind kind, boolean retryable) {
        ProviderError error = call("llama3.2", new MockResponse.Builder().code(status)
                .body("{\"error\":\"something went wrong\"}").build());

        assertEquals(kind, error.kind());
        assertEquals(retryable, error.retryable());
        assertEquals("ollama answered HTTP " + status + ": something went wrong", error.message());
    }
}
