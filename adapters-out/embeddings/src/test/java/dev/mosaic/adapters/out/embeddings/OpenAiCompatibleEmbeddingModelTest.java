package dev.mosaic.adapters.out.embeddings;

import dev.mosaic.testsupport.ReferenceFiles;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mosaic.application.Secret;
import dev.mosaic.application.port.out.embedding.Embedding;
import dev.mosaic.application.port.out.embedding.EmbeddingModel.EmbeddingException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/**
 * OpenAI's {@code /embeddings} over a real HTTP connection. There is no reference transcript of a
 * successful answer, so those are built in OpenAI's documented shape (1536 dimensions, as
 * text-embedding-3-small); the errors come from the reference files.
 */
class OpenAiCompatibleEmbeddingModelTest extends MockServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final OkHttpClient CLIENT = new OkHttpClient();
    private static final String KEY = "sk-proj-4fJ9x2QmT7vLp0aZr8KeYw3N";
    private static final String MODEL = "text-embedding-3-small";
    private static final int DIMENSIONS = 1536;
    private static final List<String> TEXTS = List.of("The food was delicious", "The waiter was friendly", "The bill was high");

    private URI baseUrl() {
        return server.url("/v1").uri();
    }

    private OpenAiCompatibleEmbeddingModel model(Secret key, int dimensions) {
        return new OpenAiCompatibleEmbeddingModel(
                new OpenAiEmbeddingConfig(baseUrl(), key, MODEL, dimensions, Duration.ofSeconds(5)), CLIENT);
    }

    private OpenAiCompatibleEmbeddingModel model() {
        return model(Secret.ofNullable(KEY), DIMENSIONS);
    }

    /** OpenAI's answer for the given {@code data} indexes, in the order given; vector i is {@code Vectors.unit(i, …)}. */
    private static String answer(int dimensions, int... indexes) {
        ObjectNode answer = JSON.createObjectNode().put("object", "list");
        ArrayNode data = answer.putArray("data");
        for (int index : indexes) {
            ArrayNode vector = data.addObject().put("object", "embedding").put("index", index).putArray("embedding");
            for (float x : Vectors.unit(index, dimensions)) {
                vector.add(x);
            }
        }
        answer.put("model", MODEL).putObject("usage").put("prompt_tokens", 14).put("total_tokens", 14);
        return answer.toString();
    }

    private void enqueue(int status, String body) {
        server.enqueue(new MockResponse.Builder().code(status).addHeader("Content-Type", "application/json").body(body).build());
    }

    /** A response as a reference file describes it: {@code {status, headers?, body}}. */
    private void enqueue(JsonNode recorded) {
        MockResponse.Builder response = new MockResponse.Builder().code(recorded.path("status").asInt()).body(recorded.path("body").toString());
        recorded.path("headers").properties().forEach(h -> response.setHeader(h.getKey(), h.getValue().asText()));
        server.enqueue(response.build());
    }

    private String failure(OpenAiCompatibleEmbeddingModel model, List<String> texts) {
        String message = assertThrows(EmbeddingException.class, () -> model.embed(texts)).getMessage();
        assertFalse(message.contains(KEY), "the key leaked: " + message);
        return message;
    }

    private static void assertMentions(String message, String... parts) {
        for (String part : parts) {
            assertTrue(message.contains(part), "expected \"" + part + "\" in: " + message);
        }
    }

    @Test
    void postsTheModelAndTextsWithTheKeyAndReturnsOneVectorPerText() throws Exception {
        enqueue(200, answer(DIMENSIONS, 0, 1, 2));

        List<Embedding> embeddings = model().embed(TEXTS);

        RecordedRequest request = server.takeRequest();
        assertEquals("POST", request.getMethod());
        assertEquals("/v1/embeddings", request.getUrl().encodedPath());
        assertEquals("Bearer " + KEY, request.getHeaders().get("Authorization"));
        JsonNode body = JSON.readTree(request.getBody().utf8());
        assertEquals(MODEL, body.path("model").asText());
        assertEquals(JSON.valueToTree(TEXTS), body.path("input"));
        assertEquals("float", body.path("encoding_format").asText());

        assertEquals(3, embeddings.size());
        for (int i = 0; i < 3; i++) {
            assertEquals("openai-compatible/" + MODEL, embeddings.get(i).model());
            assertArrayEquals(Vectors.unit(i, DIMENSIONS), embeddings.get(i).vector());
        }
    }

    @Test
    void vectorsAreOrderedByTheirIndexNotByTheirPlaceInTheAnswer() {
        enqueue(200, answer(DIMENSIONS, 2, 0, 1));

        List<Embedding> embeddings = model().embed(TEXTS);

        for (int i = 0; i < 3; i++) {
            assertArrayEquals(Vectors.unit(i, DIMENSIONS), embeddings.get(i).vector(), "text " + i);
        }
    }

    @Test
    void aTrailingSlashOnTheBaseUrlIsFine() throws Exception {
        enqueue(200, answer(8, 0));
        var config = new OpenAiEmbeddingConfig(server.url("/api/v1/").uri(), null, MODEL, 8, Duration.ofSeconds(5));

        new OpenAiCompatibleEmbeddingModel(config, CLIENT).embed(List.of("hi"));

        assertEquals("/api/v1/embeddings", server.takeRequest().getUrl().encodedPath());
    }

    @Test
    void withoutAKeyNoAuthorizationIsSent() throws Exception {
        enqueue(200, answer(8, 0));

        model(null, 8).embed(List.of("hi"));

        assertNull(server.takeRequest().getHeaders().get("Authorization"));
    }

    @Test
    void aRejectedKeyIsNamedOnlyMasked() {
        enqueue(ReferenceFiles.json("openai-error-401.json"));

        String message = failure(model(), TEXTS);

        assertMentions(message, baseUrl().toString(), "rejected the API key …Yw3N", "HTTP 401", "Incorrect API key provided");
    }

    @Test
    void aKeyTheServerQuotesBackIsMasked() {
        enqueue(401, "{\"error\":{\"message\":\"Incorrect API key provided: " + KEY + ".\",\"type\":\"invalid_request_error\"}}");

        assertMentions(failure(model(), TEXTS), "Incorrect API key provided: …Yw3N.");
    }

    @Test
    void aMissingKeyIsExplained() {
        enqueue(ReferenceFiles.json("openai-error-401.json"));

        assertMentions(failure(model(null, DIMENSIONS), TEXTS), "wants an API key, and none is configured");
    }

    @Test
    void anUnknownModelIsNamed() {
        enqueue(404, "{\"error\":{\"message\":\"The model `" + MODEL + "` does not exist or you do not have access to it.\","
                + "\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"model_not_found\"}}");

        assertMentions(failure(model(), TEXTS), "has no model \"" + MODEL + "\"", "HTTP 404", "does not exist");
    }

    @Test
    void rateLimitingIsSaidPlainly() {
        enqueue(ReferenceFiles.json("openai-error-429.json").path("rate_limit_exceeded"));

        assertMentions(failure(model(), TEXTS), "rate-limiting or out of quota", "HTTP 429", "Rate limit reached");
    }

    @Test
    void aServerErrorWithoutJsonQuotesTheBody() {
        server.enqueue(new MockResponse.Builder().code(502).addHeader("Content-Type", "text/html")
                .body("<html>\n<body>502 Bad Gateway</body>\n</html>").build());

        assertMentions(failure(model(), TEXTS), "HTTP 502", "<html> <body>502 Bad Gateway</body> </html>");
    }

    @Test
    void anUnreachableServerIsNamed() {
        URI closed = baseUrl();
        server.close();
        var model = new OpenAiCompatibleEmbeddingModel(
                new OpenAiEmbeddingConfig(closed, Secret.ofNullable(KEY), MODEL, DIMENSIONS, Duration.ofSeconds(5)), CLIENT);

        assertMentions(failure(model, TEXTS), "cannot reach the embeddings server at " + closed);
    }

    @Test
    void malformedJsonIsReported() {
        enqueue(200, "{\"object\":\"list\",\"data\":[{\"index\":0,");

        assertMentions(failure(model(), TEXTS), "not JSON");
    }

    @Test
    void anAnswerWithoutDataIsReported() {
        enqueue(200, "{\"object\":\"list\",\"model\":\"" + MODEL + "\"}");

        assertMentions(failure(model(), TEXTS), "without a \"data\" array");
    }

    @Test
    void aWrongDimensionCountNamesExpectedAndGot() {
        enqueue(200, answer(DIMENSIONS, 0, 1, 2));

        assertMentions(failure(model(Secret.ofNullable(KEY), 3072), TEXTS),
                "returned 1536-dimensional vectors", "but 3072 dimensions are configured");
    }

    @Test
    void aMismatchedNumberOfVectorsIsReported() {
        enqueue(200, answer(DIMENSIONS, 0, 1));

        assertMentions(failure(model(), TEXTS), "returned 2 embedding(s) for 3 text(s)");
    }

    @Test
    void indexesMustCoverEveryTextOnce() {
        enqueue(200, answer(DIMENSIONS, 0, 0, 1));
        assertMentions(failure(model(), TEXTS), "index 0", "0 to 2, each once");

        enqueue(200, answer(DIMENSIONS, 0, 1, 3));
        assertMentions(failure(model(), TEXTS), "index 3");
    }

    @Test
    void noTextsSendNothingAndBlankTextIsRefused() {
        assertEquals(List.of(), model().embed(List.of()));
        assertThrows(IllegalArgumentException.class, () -> model().embed(List.of("")));
        assertEquals(0, server.getRequestCount());
    }

    @Test
    void theConfigurationNeverPrintsTheKey() {
        var config = new OpenAiEmbeddingConfig(baseUrl(), Secret.ofNullable(KEY), MODEL, DIMENSIONS, Duration.ofSeconds(5));

        assertFalse(config.toString().contains(KEY), config.toString());
        assertThrows(IllegalArgumentException.class,
                () -> new OpenAiEmbeddingConfig(URI.create("file:///v1"), null, MODEL, DIMENSIONS, Duration.ofSeconds(5)));
        assertThrows(IllegalArgumentException.class,
                () -> new OpenAiEmbeddingConfig(baseUrl(), null, MODEL, -1, Duration.ofSeconds(5)));
    }
}
