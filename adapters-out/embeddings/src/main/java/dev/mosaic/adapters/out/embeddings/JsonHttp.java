package dev.mosaic.adapters.out.embeddings;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mosaic.application.port.out.embedding.EmbeddingModel.EmbeddingException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.UnknownHostException;
import java.time.Duration;
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
