package dev.mosaic.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;

/**
 * OpenAI's error bodies, {@code {"error":{"message","type","param","code"}}}, and its bearer-key
 * check; shared by Chat Completions and the Responses API.
 */
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

    /** An error for the status, typed as OpenAI types client and server errors. */
    static ObjectNode error(int status, String message) {
        return error(message, status >= 500 ? "server_error" : "invalid_request_error", null, null);
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

    /** Null when the request may pass, else OpenAI's error saying why not. */
    static ObjectNode authFailure(Headers headers, SimulatorOptions options) {
        if (!options.requireAuth()) {
            return null;
        }
        String key = WireProtocol.bearerKey(headers);
        if (key.isEmpty()) {
            return error("You didn't provide an API key. You need to provide your API key in an Authorization header"
                    + " using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).", "invalid_request_error", null, null);
        }
        if (options.apiKey() != null && !options.apiKey().equals(key)) {
            return error("Incorrect API key provided.", "invalid_request_error", null, "invalid_api_key");
        }
        return null;
    }

    /** OpenAI's answer to a body that is not a JSON object. */
    static ObjectNode notJson() {
        return error("We could not parse the JSON body of your request. (HINT: This likely means you aren't using your"
                + " HTTP library correctly. The OpenAI API expects a JSON payload.)", "invalid_request_error", null, null);
    }
}
