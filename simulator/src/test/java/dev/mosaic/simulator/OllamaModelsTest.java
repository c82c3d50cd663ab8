package dev.mosaic.simulator;

import dev.mosaic.testsupport.ReferenceFiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Ollama's {@code /api/tags}, {@code /api/show} and {@code /api/embed}. */
class OllamaModelsTest extends SimulatorTestBase {

    @BeforeEach
    void startSimulator() {
        start();
    }

    private HttpResponse<String> post(String path, ObjectNode body) {
        return client.post(client.unauthenticated(path), body);
    }

    private JsonNode embed(Object input) {
        ObjectNode body = SimulatorClient.JSON.createObjectNode().put("model", ProviderSimulator.EMBEDDING_MODEL);
        body.set("input", SimulatorClient.JSON.valueToTree(input));
        HttpResponse<String> response = post("/api/embed", body);
        assertEquals(200, response.statusCode(), response::body);
        return SimulatorClient.json(response.body());
    }

    private static double[] vector(JsonNode embedding) {
        double[] vector = new double[embedding.size()];
        for (int i = 0; i < vector.length; i++) {
            vector[i] = embedding.get(i).asDouble();
        }
        return vector;
    }

    private static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    @Test
    void tagsListTheChatAndEmbeddingModelsInOllamasShape() {
        HttpResponse<String> response = client.send(client.unauthenticated("/api/tags").GET().build());

        assertEquals(200, response.statusCode());
        JsonNode models = SimulatorClient.json(response.body()).path("models");
        JsonNode reference = ReferenceFiles.json("ollama-tags.json").at("/models/0");
        assertEquals(List.of(ProviderSimulator.MODEL + ":latest", ProviderSimulator.EMBEDDING_MODEL + ":latest"),
                List.of(models.at("/0/name").asText(), models.at("/1/name").asText()));
        for (JsonNode model : models) {
            assertEquals(Wire.keys(reference), Wire.keys(model));
            assertEquals(Wire.keys(reference.path("details")), Wire.keys(model.path("details")));
            assertEquals(64, model.path("digest").asText().length());
        }
        assertEquals("nomic-bert", models.at("/1/details/family").asText());
    }

    @Test
    void showReportsTheContextLengthUnderTheArchitecturesKey() {
        HttpResponse<String> chat = post("/api/show", SimulatorClient.JSON.createObjectNode().put("model", "llama3.2"));
        HttpResponse<String> embedding = post("/api/show",
                SimulatorClient.JSON.createObjectNode().put("model", ProviderSimulator.EMBEDDING_MODEL + ":latest"));
        HttpResponse<String> nameless = post("/api/show", SimulatorClient.JSON.createObjectNode());

        assertEquals(200, chat.statusCode());
        JsonNode show = SimulatorClient.json(chat.body());
        JsonNode reference = ReferenceFiles.json("ollama-show.json");
        assertTrue(Wire.keys(show).containsAll(Wire.keys(reference)), show::toString);
        assertEquals(Wire.keys(reference.path("details")), Wire.keys(show.path("details")));
        assertEquals("llama", show.at("/model_info/general.architecture").asText());
        assertEquals(OllamaModels.CONTEXT_LENGTH, show.path("model_info").path("llama.context_length").asInt());
        assertTrue(show.path("capabilities").toString().contains("\"completion\""));
        assertTrue(show.path("capabilities").toString().contains("\"tools\""));

        JsonNode embedder = SimulatorClient.json(embedding.body());
        JsonNode nomic = ReferenceFiles.json("ollama-show-nomic-embed-text.json");
        assertEquals(nomic.at("/model_info/general.architecture"), embedder.at("/model_info/general.architecture"));
        for (String key : List.of("nomic-bert.context_length", "nomic-bert.embedding_length")) {
            assertEquals(nomic.path("model_info").path(key), embedder.path("model_info").path(key), key);
        }
        assertEquals(nomic.path("capabilities"), embedder.path("capabilities"));
        assertEquals(400, nameless.statusCode());
        assertEquals("model is required", TestProtocol.OLLAMA.errorMessage(SimulatorClient.json(nameless.body())));
    }

    @Test
    void embedReturnsOneUnitVectorOf768PerInputInOllamasShape() {
        JsonNode response = embed(List.of("Why is the sky blue?", "Why is the grass green?"));

        assertEquals(Wire.keys(ReferenceFiles.json("ollama-embed.json")), Wire.keys(response));
        assertEquals(ProviderSimulator.EMBEDDING_MODEL, response.path("model").asText());
        JsonNode embeddings = response.path("embeddings");
        assertEquals(2, embeddings.size());
        for (JsonNode embedding : embeddings) {
            assertEquals(ProviderSimulator.EMBEDDING_DIMENSIONS, embedding.size());
            double[] vector = vector(embedding);
            assertEquals(1.0, dot(vector, vector), 1e-5, "L2-normalised");
        }
        double[] sky = vector(embeddings.get(0));
        double[] grass = vector(embeddings.get(1));
        assertTrue(Math.abs(dot(sky, grass)) < 0.2, "different texts give unrelated vectors");
        assertEquals(10, response.path("prompt_eval_count").asInt());
        assertTrue(response.path("total_duration").asLong() > response.path("load_duration").asLong());
    }

    @Test
    void embeddingsAreDeterministicAcrossCallsAndSimulators() {
        JsonNode first = embed("hello").path("embeddings");
        JsonNode again = embed(List.of("other", "hello")).path("embeddings").get(1);
        JsonNode elsewhere;
        try (ProviderSimulator other = ProviderSimulator.start(SimulatorOptions.defaults())) {
            ObjectNode body = SimulatorClient.JSON.createObjectNode().put("model", "any-embedder").put("input", "hello");
            SimulatorClient otherClient = new SimulatorClient(other.rootUrl());
            elsewhere = SimulatorClient.json(otherClient.post(otherClient.unauthenticated("/api/embed"), body).body())
                    .at("/embeddings/0");
        }

        assertEquals(1, first.size(), "a string input is one input");
        assertEquals(first.get(0), again);
        assertEquals(first.get(0), elsewhere);
        assertNotEquals(first.get(0), embed("hello!").at("/embeddings/0"));
    }

    @Test
    void fewerDimensionsCutTheVectorAndNormaliseItAgain() {
        ObjectNode body = SimulatorClient.JSON.createObjectNode().put("model", "nomic-embed-text").put("input", "hello")
                .put("dimensions", 256);

        double[] shortened = vector(SimulatorClient.json(post("/api/embed", body).body()).at("/embeddings/0"));
        double[] full = vector(embed("hello").at("/embeddings/0"));

        assertEquals(256, shortened.length);
        assertEquals(1.0, dot(shortened, shortened), 1e-5);
        double prefixNorm = Math.sqrt(dot(full, Arrays.copyOf(full, 256)));
        for (int i = 0; i < 256; i++) {
            assertEquals(full[i] / prefixNorm, shortened[i], 1e-5);
        }
    }

    @Test
    void badEmbedRequestsAreRejected() {
        ObjectNode noModel = SimulatorClient.JSON.createObjectNode().put("input", "hi");
        ObjectNode numbers = SimulatorClient.JSON.createObjectNode().put("model", "m");
        numbers.putArray("input").add(1).add(2);
        ObjectNode tooLong = SimulatorClient.JSON.createObjectNode().put("model", "m").put("input", "hi")
                .put("dimensions", 769);

        for (ObjectNode body : List.of(noModel, numbers, tooLong)) {
            HttpResponse<String> response = post("/api/embed", body);
            assertEquals(400, response.statusCode(), body::toString);
            TestProtocol.OLLAMA.errorMessage(SimulatorClient.json(response.body()));
        }
        assertEquals(0, embed(List.of()).path("embeddings").size());
        assertEquals("/api/embed", simulator.lastRequest().path());
    }
}
