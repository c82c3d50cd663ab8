package dev.mosaic.adapters.out.embeddings;

import dev.mosaic.testsupport.ReferenceFiles;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mosaic.application.port.out.embedding.Embedding;
import dev.mosaic.application.port.out.embedding.EmbeddingModel.EmbeddingException;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/** Ollama's {@code /api/embed} over a real HTTP connection, answered with the reference transcripts. */
class OllamaEmbeddingModelTest extends MockServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final OkHttpClient CLIENT = new OkHttpClient();
    private static final JsonNode NOMIC = ReferenceFiles.json("ollama-embed-nomic-embed-text.json");
    private static final List<String> NOMIC_TEXTS = List.of("Why is the sky blue?", "Why is the grass green?");

    private URI host() {
        return server.url("/").uri();
    }

    private OllamaEmbeddingModel nomic() {
        return new OllamaEmbeddingModel(OllamaEmbeddingConfig.nomicEmbedText(host()), CLIENT);
    }

    private void answer(int status, String body) {
        server.enqueue(new MockResponse.Builder().code(status).addHeader("Content-Type", "application/json; charset=utf-8")
                .body(body).build());
    }

    private EmbeddingException failure(OllamaEmbeddingModel model, List<String> texts) {
        return assertThrows(EmbeddingException.class, () -> model.embed(texts));
    }

    private static void assertMentions(String message, String... parts) {
        for (String part : parts) {
            assertTrue(message.contains(part), "expected \"" + part + "\" in: " + message);
        }
    }

    @Test
    void postsTheModelAndTheTextsAndReturnsOneVectorPerText() throws Exception {
        answer(200, NOMIC.toString());

        List<Embedding> embeddings = nomic().embed(NOMIC_TEXTS);

        RecordedRequest request = server.takeRequest();
        assertEquals("POST", request.getMethod());
        assertEquals("/api/embed", request.getUrl().encodedPath());
        assertTrue(request.getHeaders().get("Content-Type").startsWith("application/json"));
        assertEquals(ReferenceFiles.json("ollama-embed-nomic-embed-text.request.json").path("request"),
                JSON.readTree(request.getBody().utf8()));

        assertEquals(2, embeddings.size());
        for (int i = 0; i < 2; i++) {
            assertEquals("ollama/nomic-embed-text", embeddings.get(i).model());
            assertArrayEquals(Vectors.floats(NOMIC.path("embeddings").get(i)), embeddings.get(i).vector());
        }
    }

    @Test
    void readsTheDocumentedAnswerWithItsTimingFields() {
        // Ollama's docs show all-minilm with the vector cut to 10 numbers, beside total_duration and friends.
        JsonNode documented = ReferenceFiles.json("ollama-embed.json");
        answer(200, documented.toString());
        var model = new OllamaEmbeddingModel(new OllamaEmbeddingConfig(host(), "all-minilm", 10, Duration.ofSeconds(5)), CLIENT);

        Embedding embedding = model.embed(List.of("Why is the sky blue?")).getFirst();

        assertEquals("ollama/all-minilm", model.model());
        assertEquals(10, model.dimensions());
        assertArrayEquals(Vectors.floats(documented.path("embeddings").get(0)), embedding.vector());
    }

    @Test
    void aHostWithAPathPrefixKeepsIt() throws Exception {
        answer(200, NOMIC.toString());
        var config = new OllamaEmbeddingConfig(server.url("/ollama/").uri(), "nomic-embed-text", 768, Duration.ofSeconds(5));

        new OllamaEmbeddingModel(config, CLIENT).embed(NOMIC_TEXTS);

        assertEquals("/ollama/api/embed", server.takeRequest().getUrl().encodedPath());
    }

    @Test
    void aMissingModelSuggestsPullingIt() {
        JsonNode notFound = ReferenceFiles.json("ollama-errors.json").path("model_not_found");
        answer(notFound.path("status").asInt(), notFound.path("body").toString());
        var llama = new OllamaEmbeddingModel(new OllamaEmbeddingConfig(host(), "llama3", 4096, Duration.ofSeconds(5)), CLIENT);

        String message = failure(llama, List.of("hi")).getMessage();

        assertMentions(message, host().toString(), "`ollama pull llama3`", "model \"llama3\" not found, try pulling it first");
    }

    @Test
    void aServerWithoutTheEndpointIsToldApartFromAMissingModel() {
        server.enqueue(new MockResponse.Builder().code(404).addHeader("Content-Type", "text/plain").body("404 page not found").build());

        String message = failure(nomic(), NOMIC_TEXTS).getMessage();

        assertMentions(message, host().toString(), "/api/embed", "HTTP 404", "404 page not found");
        assertFalse(message.contains("ollama pull"), message);
    }

    @Test
    void aServerErrorCarriesOllamasMessage() {
        JsonNode generic = ReferenceFiles.json("ollama-errors.json").path("generic");
        answer(generic.path("status").asInt(), generic.path("body").toString());

        String message = failure(nomic(), NOMIC_TEXTS).getMessage();

        assertMentions(message, host().toString(), "HTTP 500", "nomic-embed-text", "the model failed to generate a response");
    }

    @Test
    void anUnreachableHostIsNamed() {
        URI closed = host();
        server.close();
        var model = new OllamaEmbeddingModel(OllamaEmbeddingConfig.nomicEmbedText(closed), CLIENT);

        EmbeddingException failure = failure(model, NOMIC_TEXTS);

        assertMentions(failure.getMessage(), "cannot reach Ollama at " + closed, "ollama serve");
        assertTrue(failure.getCause() instanceof IOException, String.valueOf(failure.getCause()));
    }

    @Test
    void aSlowServerRunsIntoTheTimeout() {
        server.enqueue(new MockResponse.Builder().headersDelay(5, TimeUnit.SECONDS).code(200).body(NOMIC.toString()).build());
        var impatient = new OllamaEmbeddingModel(
                new OllamaEmbeddingConfig(host(), "nomic-embed-text", 768, Duration.ofMillis(200)), CLIENT);

        assertMentions(failure(impatient, NOMIC_TEXTS).getMessage(), host().toString(), "did not answer within 200 ms");
    }

    @Test
    void malformedJsonIsReported() {
        answer(200, "{\"model\":\"nomic-embed-text\",\"embeddings\":[[0.1,");

        assertMentions(failure(nomic(), NOMIC_TEXTS).getMessage(), "not JSON", "{\"model\":\"nomic-embed-text\"");
    }

    @Test
    void theLegacyAnswerShapeIsReported() {
        answer(200, ReferenceFiles.text("ollama-embeddings-legacy.json"));

        assertMentions(failure(nomic(), List.of("hi")).getMessage(), "without an \"embeddings\" array");
    }

    @Test
    void aWrongDimensionCountNamesExpectedAndGot() {
        answer(200, NOMIC.toString());
        var misconfigured = new OllamaEmbeddingModel(
                new OllamaEmbeddingConfig(host(), "nomic-embed-text", 1024, Duration.ofSeconds(5)), CLIENT);

        assertMentions(failure(misconfigured, NOMIC_TEXTS).getMessage(),
                "returned 768-dimensional vectors, but 1024 dimensions are configured", "ollama show nomic-embed-text");
    }

    @Test
    void aMismatchedNumberOfVectorsIsReported() {
        answer(200, NOMIC.toString());

        assertMentions(failure(nomic(), List.of("one", "two", "three")).getMessage(), "returned 2 embedding(s) for 3 text(s)");
    }

    @Test
    void aVectorOfSomethingElseIsReported() {
        answer(200, "{\"model\":\"nomic-embed-text\",\"embeddings\":[[0.1,\"x\",0.3]]}");

        assertMentions(failure(nomic(), List.of("hi")).getMessage(), "embedding 0", "not a list of numbers");
    }

    @Test
    void noTextsSendNothing() {
        assertEquals(List.of(), nomic().embed(List.of()));
        assertEquals(0, server.getRequestCount());
    }

    @Test
    void blankTextIsRefusedBeforeAnythingIsSent() {
        assertThrows(IllegalArgumentException.class, () -> nomic().embed(List.of("fine", "  ")));
        assertEquals(0, server.getRequestCount());
    }

    @Test
    void theKnownModelsHaveTheirEmbeddingLengths() {
        JsonNode show = ReferenceFiles.json("ollama-show-nomic-embed-text.json").path("model_info");

        assertEquals(show.path("nomic-bert.embedding_length").asInt(), OllamaEmbeddingConfig.nomicEmbedText(host()).dimensions());
        assertEquals(1024, OllamaEmbeddingConfig.mxbaiEmbedLarge(host()).dimensions());
        assertEquals("mxbai-embed-large", OllamaEmbeddingConfig.mxbaiEmbedLarge(host()).model());
    }

    @Test
    void aConfigurationThatCannotWorkIsRefused() {
        Duration timeout = Duration.ofSeconds(1);
        URI host = OllamaEmbeddingConfig.LOCAL_HOST;
        assertThrows(IllegalArgumentException.class, () -> new OllamaEmbeddingConfig(URI.create("ftp://h"), "m", 768, timeout));
        assertThrows(IllegalArgumentException.class, () -> new OllamaEmbeddingConfig(URI.create("localhost:11434"), "m", 768, timeout));
        assertThrows(IllegalArgumentException.class, () -> new OllamaEmbeddingConfig(host, " ", 768, timeout));
        assertThrows(IllegalArgumentException.class, () -> new OllamaEmbeddingConfig(host, "m", 0, timeout));
        assertThrows(IllegalArgumentException.class, () -> new OllamaEmbeddingConfig(host, "m", 768, Duration.ZERO));
    }
}
