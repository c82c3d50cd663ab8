package dev.mosaic.adapters.out.embeddings;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mosaic.application.port.out.embedding.Embedding;
import dev.mosaic.application.port.out.embedding.EmbeddingModel.EmbeddingException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/** The JSON-over-HTTP plumbing the two remote adapters share: one POST with a deadline, and reading what came back. */
final class JsonHttp {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final MediaType JSON_TYPE = MediaType.get("application/json");
    /** Enough of a foreign body to recognise it in a message, not enough to flood a log. */
    private static final int EXCERPT = 300;

    /** An answer of any status; the body is read whole, as embedding answers are small. */
    record Reply(int status, String body) {
        boolean successful() {
            return status >= 200 && status < 300;
        }
    }

    private final OkHttpClient http;
    private final Duration timeout;
    private final String service;
    private final String unreachableHint;

    /**
     * @param shared          the gateway's client, whose connection pool is kept
     * @param service         names the server in messages, e.g. {@code Ollama at http://localhost:11434}
     * @param unreachableHint what to check when the server cannot be reached
     */
    JsonHttp(OkHttpClient shared, Duration timeout, String service, String unreachableHint) {
        // The read timeout must not undercut the deadline: a model loading from disk sends nothing for a while.
        this.http = shared.newBuilder().callTimeout(timeout).readTimeout(timeout).build();
        this.timeout = timeout;
        this.service = service;
        this.unreachableHint = unreachableHint;
    }

    String service() {
        return service;
    }

    Reply post(HttpUrl url, JsonNode body, Headers headers) {
        Request request;
        try {
            request = new Request.Builder().url(url).headers(headers)
                    .post(RequestBody.create(JSON.writeValueAsBytes(body), JSON_TYPE)).build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a JSON tree", e); // a tree of strings always serialises
        }
        try (Response response = http.newCall(request).execute()) {
            return new Reply(response.code(), response.body().string());
        } catch (InterruptedIOException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw new EmbeddingException("interrupted while waiting for " + service, e);
            }
            throw new EmbeddingException(service + " did not answer within " + timeout.toMillis() + " ms", e);
        } catch (IOException e) {
            String reason = e instanceof UnknownHostException ? "unknown host " + e.getMessage() : String.valueOf(e.getMessage());
            throw new EmbeddingException("cannot reach " + service + " (" + reason + "): " + unreachableHint, e);
        }
    }

    /**
     * One embedding call as both remote adapters make it: the texts checked, no request for none,
     * else one POST of {@code body} with the texts as its {@code input} array. An error answer
     * becomes the adapter's {@code failure}; a successful one its {@code vectors}, given the answer
     * and how many texts were sent.
     */
    List<Embedding> embed(List<String> texts, HttpUrl url, ObjectNode body, Headers headers,
            Function<Reply, EmbeddingException> failure, BiFunction<JsonNode, Integer, List<Embedding>> vectors) {
        List<String> inputs = EmbeddingInputs.checked(texts);
        if (inputs.isEmpty()) {
            return List.of();
        }
        inputs.forEach(body.putArray("input")::add);
        Reply reply = post(url, body, headers);
        if (!reply.successful()) {
            throw failure.apply(reply);
        }
        return vectors.apply(parse(reply), inputs.size());
    }

    /** Fails unless the server sent one embedding per text. */
    void requireCount(JsonNode embeddings, int expected, String model) {
        if (embeddings.size() != expected) {
            throw new EmbeddingException(service + " returned " + embeddings.size() + " embedding(s) for " + expected
                    + " text(s) with model \"" + model + "\"", null);
        }
    }

    /** The numbers of embedding {@code which}, failing when they are not a non-empty list of numbers. */
    float[] vector(JsonNode node, Object which) {
        float[] vector = floats(node);
        if (vector == null) {
            throw new EmbeddingException(service + " sent embedding " + which + " that is not a list of numbers", null);
        }
        return vector;
    }

    /** The body of a successful answer as JSON. */
    JsonNode parse(Reply reply) {
        try {
            return JSON.readTree(reply.body());
        } catch (JsonProcessingException e) {
            throw new EmbeddingException(service + " answered with something that is not JSON: " + excerpt(reply.body()), e);
        }
    }

    /** The body of an error answer as JSON, or a missing node if it is not JSON (a proxy's HTML page, say). */
    static JsonNode parseLeniently(String body) {
        try {
            JsonNode node = JSON.readTree(body);
            return node == null ? JSON.missingNode() : node;
        } catch (JsonProcessingException e) {
            return JSON.missingNode();
        }
    }

    /** The numbers of a JSON array as floats, or null when {@code node} is not a non-empty array of numbers. */
    static float[] floats(JsonNode node) {
        if (!node.isArray() || node.isEmpty()) {
            return null;
        }
        float[] vector = new float[node.size()];
        for (int i = 0; i < vector.length; i++) {
            JsonNode number = node.get(i);
            if (!number.isNumber()) {
                return null;
            }
            vector[i] = number.floatValue();
        }
        return vector;
    }

    static String excerpt(String text) {
        String flat = text.strip().replaceAll("\\s+", " ");
        return flat.length() <= EXCERPT ? flat : flat.substring(0, EXCERPT) + "…";
    }
}
