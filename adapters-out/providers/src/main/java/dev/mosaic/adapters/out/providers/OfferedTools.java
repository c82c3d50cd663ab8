package dev.mosaic.adapters.out.providers;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mosaic.application.tool.ToolSpec;
import java.io.IOException;
import java.util.List;

/** The tools a request offers, as the protocols define them: the schema of their parameters as a JSON object. */
public final class OfferedTools {
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private OfferedTools() {}

    /**
     * @throws IllegalArgumentException when the schema is not a JSON object: no provider would take
     *     the request, so it fails before it is sent
     */
    public static ObjectNode parameters(ToolSpec tool) {
        try {
            if (JSON.readTree(tool.parametersSchema()) instanceof ObjectNode schema) {
                return schema;
            }
        } catch (IOException notJson) {
            // Reported below.
        }
        throw new IllegalArgumentException("the parameters schema of tool " + tool.name() + " is not a JSON object");
    }

    /**
     * Adds {@code tools: [{type: "function", function: {name, description, parameters}}]}, the shape
     * Chat Completions and Ollama's {@code /api/chat} share; nothing when none are offered.
     */
    public static void addAsFunctions(ObjectNode body, List<ToolSpec> offered) {
        if (offered.isEmpty()) {
            return;
        }
        ArrayNode tools = body.putArray("tools");
        for (ToolSpec tool : offered) {
            tools.addObject().put("type", "function").putObject("function").put("name", tool.name())
                    .put("description", tool.description()).set("parameters", parameters(tool));
        }
    }
}
