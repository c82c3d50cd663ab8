package dev.mosaic.adapters.out.embeddings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mosaic.application.port.out.embedding.Embedding;
import dev.mosaic.application.port.out.embedding.EmbeddingModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * Embeddings from an Ollama server: {@code POST {host}/api/embed {model, input:[…]}} answers
 * {@code {embeddings:[[…], …]}}, one vector per input, in order. One request per call; thread-safe.
 */
public final class OllamaEmbeddingModel implements EmbeddingModel {

    private final OllamaEmbeddingConfig config;
    private final HttpUrl endpoint;
    private final JsonHttp http;

    /** @param http the gateway's shared client; its connection pool is reused, with this adapter's timeout */
    public OllamaEmbeddingModel(OllamaEmbeddingConfig config, OkHttpClient http) {
        this.config = Objects.requireNonNull(config, "config");
        this.endpoint = HttpUrl.get(config.host().toString()).newBuilder().addPathSegments("api/embed").build();
        this.http = new JsonHttp(Objects.requireNonNull(http, "http"), config.timeout(), "Ollama at " + config.host(),
                "is Ollama running there (`ollama serve`), and is the host right?");
    }

    @Override
    public String model() {
        return "ollama/" + config.model();
    }

    @Override
    public int dimensions() {
        return config.dimensions();
    }

    @Override
    public List<Embedding> embed(List<String> texts) {
        ObjectNode body = JsonHttp.JSON.createObjectNode().put("model", config.model());
        return http.embed(texts, endpoint, body, Headers.of(), this::failure, this::vectors);
    }

    private List<Embedding> vectors(JsonNode answer, int expected) {
        JsonNode embeddings = answer.path("embeddings");
        if (!embeddings.isArray()) {
            // The legacy /api/embeddings answers {embedding:[…]}; a proxy may answer anything.
            throw new EmbeddingException(http.service() + " answered /api/embed without an \"embeddings\" array: "
                    + JsonHttp.excerpt(answer.toString()), null);
        }
        http.requireCount(embeddings, expected, config.model());
        List<Embedding> result = new ArrayList<>(expected);
        for (int i = 0; i < expected; i++) {
            float[] vector = http.vector(embeddings.get(i), i);
            if (vector.length != config.dimensions()) {
                throw new EmbeddingException("Ollama model \"" + config.model() + "\" returned " + vector.length
                        + "-dimensional vectors, but " + config.dimensions() + " dimensions are configured; set the"
                        + " dimensions to the model's embedding length (`ollama show " + config.model() + "` prints it)", null);
            }
            result.add(new Embedding(model(), vector));
        }
        return result;
    }

    private EmbeddingException failure(JsonHttp.Reply reply) {
        // Ollama's errors are {"error":"…"}; anything else (a proxy's page, a plain-text 404) is quoted as it came.
        JsonNode error = JsonHttp.parseLeniently(reply.body()).path("error");
        String said = error.isTextual() ? error.asText() : JsonHttp.excerpt(reply.body());
        if (reply.status() == 404 && error.isTextual()) {
            return new EmbeddingException(http.service() + " has no model \"" + config.model() + "\": run `ollama pull "
                    + config.model() + "` on that machine (Ollama said: " + said + ")", null);
        }
        if (reply.status() == 404) {
            return new EmbeddingException(http.service() + " has no " + endpoint.encodedPath() + " endpoint (HTTP 404: "
                    + said + "): is that an Ollama server, and one recent enough to offer /api/embed?", null);
        }
        return new EmbeddingException(http.service() + " answered HTTP " + reply.status() + " to embedding with model \""
                + config.model() + "\": " + said, null);
    }
}
