package dev.mosaic.simulator;

import com.fasterxml.jackson.databind.JsonNode;
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

    /** The first value of a header, or null; the name is case-insensitive. */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.getFirst();
    }
}
