package dev.mosaic.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.Headers;
import java.util.Map;

/**
 * What Chat Completions and the Responses API share: OpenAI's bearer-key check, error envelope and
 * request id header, and scripted error bodies sent as written (they are already OpenAI-shaped).
 * Only reading a request and rendering a reply differ between the two.
 */
interface OpenAiProtocol extends WireProtocol {

    @Override
    default JsonNode authFailure(Headers headers, SimulatorOptions options, long sequence) {
        return OpenAiErrors.authFailure(headers, options);
    }

    @Override
    default JsonNode error(int status, String message, long sequence) {
        return OpenAiErrors.error(status, message);
    }

    @Override
    default String httpErrorBody(int status, String scriptedBody, long sequence) {
        return scriptedBody;
    }

    @Override
    default Map<String, String> responseHeaders(long sequence) {
        return Map.of("x-request-id", "req_sim" + sequence);
    }

    /** Rejects, as OpenAI does, a body that is not a JSON object before any field is looked at. */
    static JsonNode requireObject(JsonNode body) throws BadRequest {
        if (body == null || !body.isObject()) {
            throw new BadRequest(OpenAiErrors.notJson());
        }
        return body;
    }
}
