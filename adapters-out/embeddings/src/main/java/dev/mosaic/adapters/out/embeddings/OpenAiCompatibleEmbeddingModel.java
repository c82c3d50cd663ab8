package dev.mosaic.adapters.out.embeddings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mosaic.application.Secret;
import dev.mosaic.application.port.out.embedding.Embedding;
import dev.mosaic.application.port.out.embedding.EmbeddingModel;
import java.util.List;
import java.util.Objects;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * Embeddings from an OpenAI-compatible server: {@code POST {baseUrl}/embeddings {model, input:[…]}}
 * answers {@code {data:[{index, embedding:[…]}, …]}}. The {@code data} items are put in order by
 * their {@code index}, which the API does not promise to follow. One request per call; thread-safe.
 * The API key is sent only in the header and appears in messages only masked.
 */
public final class OpenAiCompatibleEmbeddingModel implements EmbeddingModel {

    private final OpenAiEmbeddingConfig config;
    private final HttpUrl endpoint;
    private final Headers headers;
    private final JsonHttp http;

    /** @param http the gateway's shared client; its connection pool is reused, with this adapter's timeout */
    public OpenAiCompatibleEmbeddingModel(OpenAiEmbeddingConfig config, OkHttpClient http) {
        this.config = Objects.requireNonNull(config, "config");
        this.endpoint = HttpUrl.get(config.baseUrl().toString()).newBuilder().addPathSegment("embeddings").build();
        this.headers = config.apiKey() == null ? Headers.of() : Headers.of("Authorization", "Bearer " + config.apiKey().reveal());
        this.http = new JsonHttp(Objects.requireNonNull(http, "http"), config.timeout(),
                "the embeddings server at " + config.baseUrl(), "is the base URL right, and is the server up?");
    }

    @Override
    public String model() {
        return "openai-compatible/" + config.model();
    }

    @Override
    public int dimensions() {
        return config.dimensions();
    }

    @Override
    public List<Embedding> embed(List<String> texts) {
        // Floats asked for explicitly: some clients default to base64, and servers differ on the default.
        ObjectNode body = JsonHttp.JSON.createObjectNode().put("model", config.model()).put("encoding_format", "float");
        return http.embed(texts, endpoint, body, headers, this::failure, this::vectors);
    }

    private List<Embedding> vectors(JsonNode answer, int expected) {
        JsonNode data = answer.path("data");
        if (!data.isArray()) {
            throw new EmbeddingException(http.service() + " answered without a \"data\" array: "
                    + redact(JsonHttp.excerpt(answer.toString())), null);
        }
        http.requireCount(data, expected, config.model());
        Embedding[] ordered = new Embedding[expected];
        for (JsonNode item : data) {
            JsonNode index = item.path("index");
            if (!index.canConvertToExactIntegral() || index.asInt() < 0 || index.asInt() >= expected || ordered[index.asInt()] != null) {
                throw new EmbeddingException(http.service() + " sent an embedding with index " + index
                        + ", but the indexes must be 0 to " + (expected - 1) + ", each once", null);
            }
            float[] vector = http.vector(item.path("embedding"), index);
            if (vector.length != config.dimensions()) {
                throw new EmbeddingException(http.service() + " returned " + vector.length + "-dimensional vectors for model \""
                        + config.model() + "\", but " + config.dimensions() + " dimensions are configured;"
                        + " set the dimensions to the model's output size", null);
            }
            ordered[index.asInt()] = new Embedding(model(), vector);
        }
        return List.of(ordered);
    }

    private EmbeddingException failure(JsonHttp.Reply reply) {
        String said = redact(message(JsonHttp.parseLeniently(reply.body()), reply.body()));
        String what = switch (reply.status()) {
            case 401, 403 -> config.apiKey() == null
                    ? " wants an API key, and none is configured"
                    : " rejected the API key " + config.apiKey().masked();
            case 404 -> " has no model \"" + config.model() + "\" (or no /embeddings endpoint)";
            case 429 -> " is rate-limiting or out of quota";
            default -> " failed to embed with model \"" + config.model() + "\"";
        };
        return new EmbeddingException(http.service() + what + " (HTTP " + reply.status() + "): " + said, null);
    }

    /** OpenAI's {@code {error:{message}}}, or the shapes other servers use, or the body itself. */
    private static String message(JsonNode body, String raw) {
        for (JsonNode candidate : List.of(body.path("error").path("message"), body.path("error"), body.path("message"), body.path("detail"))) {
            if (candidate.isTextual() && !candidate.asText().isBlank()) {
                return candidate.asText();
            }
        }
        return JsonHttp.excerpt(raw);
    }

    /** Servers sometimes quote the key they were sent; a message must never carry it. */
    private String redact(String text) {
        Secret key = config.apiKey();
        return key == null ? text : key.maskIn(text);
    }
}
