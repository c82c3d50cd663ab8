package dev.mosaic.simulator;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** A plain JDK HTTP client for the simulator's endpoints, with helpers to read its SSE replies. */
final class SimulatorClient {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SSE_FRAMING = Pattern.compile("(data: [^\n]+\n\n)*");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI baseUrl;

    SimulatorClient(URI baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** A chat request body with the given role/text pairs. */
    static ObjectNode chatBody(boolean stream, boolean includeUsage, String... roleThenText) {
        ObjectNode body = JSON.createObjectNode().put("model", "test-model").put("stream", stream);
        if (includeUsage) {
            body.putObject("stream_options").put("include_usage", true);
        }
        ArrayNode messages = body.putArray("messages");
        for (int i = 0; i < roleThenText.length; i += 2) {
            messages.addObject().put("role", roleThenText[i]).put("content", roleThenText[i + 1]);
        }
        return body;
    }

    HttpRequest.Builder request(String path) {
        return unauthenticated(path).header("Authorization", "Bearer test-key");
    }

    /** A request without credentials, for a protocol that sends its own (or none). */
    HttpRequest.Builder unauthenticated(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(10));
    }

    HttpResponse<String> post(HttpRequest.Builder request, JsonNode body) {
        return send(request.header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build());
    }

    HttpResponse<String> post(String path, String body) {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    HttpResponse<String> chat(ObjectNode body) {
        return post("/chat/completions", body.toString());
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpClient http() {
        return http;
    }

    /** The payloads of an SSE body, after checking it is nothing but {@code data: …} events. */
    static List<String> dataPayloads(String body) {
        assertTrue(SSE_FRAMING.matcher(body).matches(), () -> "not a sequence of 'data: ...\\n\\n' events:\n" + body);
        List<String> payloads = new ArrayList<>();
        for (String event : body.split("\n\n")) {
            if (!event.isEmpty()) {
                payloads.add(event.substring("data: ".length()));
            }
        }
        return payloads;
    }

    /** The JSON chunks of an SSE body, without the final {@code [DONE]}. */
    static List<JsonNode> chunks(String body) {
        List<JsonNode> chunks = new ArrayList<>();
        for (String payload : dataPayloads(body)) {
            if (!payload.equals("[DONE]")) {
                chunks.add(json(payload));
            }
        }
        return chunks;
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The text of every {@code delta.<field>} in order, joined. */
    static String joined(List<JsonNode> chunks, String field) {
        StringBuilder out = new StringBuilder();
        for (JsonNode chunk : chunks) {
            JsonNode value = chunk.path("choices").path(0).path("delta").path(field);
            if (value.isTextual()) {
                out.append(value.asText());
            }
        }
        return out.toString();
    }
}
