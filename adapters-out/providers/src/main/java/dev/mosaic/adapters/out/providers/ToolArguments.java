package dev.mosaic.adapters.out.providers;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * Tool-call arguments as the protocols accept them: a JSON object. Arguments that are not one (cut
 * short when a stream failed) become an empty object, since protocols refuse anything else and the
 * call failed anyway.
 */
public final class ToolArguments {
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private ToolArguments() {}

    /** The arguments as an object, for the protocols that send them as one rather than as text. */
    public static ObjectNode asObject(String argumentsJson) {
        ObjectNode parsed = parse(argumentsJson);
        return parsed != null ? parsed : JSON.createObjectNode();
    }

    /** Whether the arguments are whole: a JSON object. */
    public static boolean isObject(String argumentsJson) {
        return parse(argumentsJson) != null;
    }

    private static ObjectNode parse(String argumentsJson) {
        try {
            return JSON.readTree(argumentsJson) instanceof ObjectNode object ? object : null;
        } catch (IOException notJson) {
            return null;
        }
    }
}
