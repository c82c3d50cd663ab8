package dev.mosaic.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Error bodies in OpenAI's shape: {@code {"error":{"message","type","param","code"}}}. */
final class OpenAiErrors {
    private static final ObjectMapper JSON = new ObjectMapper();

    private OpenAiErrors() {}

    static ObjectNode error(String message, String type, String param, String code) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode error = root.putObject("error");
        error.put("message", message);
        error.put("type", type);
        error.put("param", param);
        error.put("code", code);
        return root;
    }

    static String body(String message, String type, String param, String code) {
        return error(message, type, param, code).toString();
    }

    /** A plausible error for a status a person asked for with {@code #sim:error-<status>}. */
    static String forStatus(int status) {
        String why = " (simulated by #sim:error-" + status + ")";
        return switch (status) {
            case 401 -> body("Incorrect API key provided" + why + ".", "invalid_request_error", null, "invalid_api_key");
            case 404 -> body("The model does not exist or you do not have access to it" + why + ".",
                    "invalid_request_error", null, "model_not_found");
            case 429 -> body("Rate limit reached" + why + ". Please try again in 1s.", "requests", null,
                    "rate_limit_exceeded");
            default -> status >= 500
                    ? body("The server had an error while processing your request" + why + ".", "server_error", null, null)
                    : body("The request was rejected" + why + ".", "invalid_request_error", null, null);
        };
    }
}
