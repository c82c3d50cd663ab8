package dev.mosaic.adapters.out.providers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/** Tool-call arguments for the protocols that send them back as a JSON object rather than as text. */
public final class ToolArguments {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ToolArguments() {}

    /**
     * The arguments as an object. Arguments that are not one (cut short when a stream failed) become
     * an empty object: those protocols refuse anything else, and the call failed anyway.
     */
    public static ObjectNode asObject(String argumentsJson) {
        try {
            JsonNode parsed = JSON.readTree(argumentsJson);
            if (parsed instanceof ObjectNode object) {
                return object;
            }
        } catch (IOException notJson) {
            // Falls through to the empty object.
        }
        return JSON.createObjectNode();
    }
}
