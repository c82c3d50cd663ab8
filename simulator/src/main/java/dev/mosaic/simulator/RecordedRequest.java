package dev.mosaic.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * A request the simulator received, kept so tests can check what the gateway sent.
 *
 * @param sequence 1 for the first request the simulator received, then counting up
 * @param headers names in lower case; the values of {@code authorization} and {@code x-api-key} are
 *     replaced by {@value #REDACTED}
 * @param body the parsed JSON body, or null when there was none or it was not JSON
 */
public record RecordedRequest(long sequence, String method, String path, Map<String, List<String>> headers, JsonNode body) {

    public static final String REDACTED = "<redacted>";

    /** The headers that carry keys: OpenAI's and Ollama's bearer, Anthropic's {@code x-api-key}. */
    static final Set<String> SECRET_HEADERS = Set.of("authorization", "x-api-key");

    public RecordedRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        headers = Collections.unmodifiableMap(new TreeMap<>(headers));
    }

    /** The names of the tools a chat request offers, in its order, whatever its protocol; empty for none. */
    public List<String> tools() {
        return body == null ? List.of() : ReceivedMessages.toolNames(body.path("tools"));
    }

    /**
     * The system prompt of a chat request, whatever its protocol: Anthropic's {@code system}, the
     * Responses API's {@code instructions}, or the {@code system} (or {@code developer}) messages of
     * the others, one a line; "" when there is none.
     */
    public String systemPrompt() {
        if (body == null) {
            return "";
        }
        if (body.has("system")) {
            return ReceivedMessages.text(body.path("system"));
        }
        List<String> prompts = new ArrayList<>();
        if (body.has("instructions")) {
            prompts.add(body.path("instructions").asText(""));
        }
        for (JsonNode message : body.has("messages") ? body.path("messages") : body.path("input")) {
            String role = message.path("role").asText("");
            if (role.equals("system") || role.equals("developer")) {
                prompts.add(ReceivedMessages.text(message.path("content")));
            }
        }
        return String.join("\n", prompts);
    }

    /** The first value of a header, or null; the name is case-insensitive. */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.getFirst();
    }
}
