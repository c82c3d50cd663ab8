package dev.mosaic.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Headers;
import java.io.IOException;
import java.util.Map;

/**
 * What differs between the provider protocols the simulator speaks: how a request reads, how
 * credentials and errors look, and (through its {@link ReplyRenderer}) how a reply is framed.
 * Choosing the reply, scripted failures and streaming are shared and live elsewhere.
 */
interface WireProtocol {

    ObjectMapper JSON = new ObjectMapper();

    /** The request a reply is rendered for. */
    record RequestContext(long sequence, String model, JsonNode body, ReceivedMessages received) {}

    /** A request this protocol rejects with 400 and {@code body}. */
    final class BadRequest extends Exception {
        private final JsonNode body;

        BadRequest(JsonNode body) {
            super(body.toString(), null, false, false);
            this.body = body;
        }

        JsonNode body() {
            return body;
        }
    }

    /** Null when the request may pass, else the body of this protocol's 401 answer. */
    JsonNode authFailure(Headers headers, SimulatorOptions options, long sequence);

    /** An error body in this protocol's envelope. */
    JsonNode error(int status, String message, long sequence);

    /**
     * The body of a scripted HTTP error as this protocol sends it. Scripts (and the error directive)
     * write OpenAI-shaped bodies; other protocols rewrap the message in their own envelope.
     */
    String httpErrorBody(int status, String scriptedBody, long sequence);

    /** Headers every answer carries, such as a request id. */
    Map<String, String> responseHeaders(long sequence);

    /** What the reply needs to know about the conversation in a chat request. */
    ReceivedMessages read(JsonNode body, long sequence) throws BadRequest;

    /** Whether the request asked to stream; most protocols stream only when told to. */
    default boolean streams(JsonNode body) {
        return body.path("stream").asBoolean(false);
    }

    ReplyRenderer renderer(Reply reply, RequestContext request);

    /**
     * The message of an error body in OpenAI's ({@code error.message}), Anthropic's (the same path)
     * or Ollama's ({@code error} as a string) shape, else null.
     */
    static String errorMessage(String body) {
        JsonNode error;
        try {
            error = JSON.readTree(body).path("error");
        } catch (IOException e) {
            return null;
        }
        if (error.isTextual()) {
            return error.asText();
        }
        JsonNode message = error.path("message");
        return message.isTextual() ? message.asText() : null;
    }

    /**
     * A tool call's arguments as the JSON object that Anthropic and Ollama send whole: {} when there
     * are none, and the raw string when they are not an object, so a test can script malformed ones.
     */
    static JsonNode argumentsObject(Reply.ToolCall call) {
        String arguments = call.arguments();
        if (arguments.isBlank()) {
            return JSON.createObjectNode();
        }
        try {
            JsonNode parsed = JSON.readTree(arguments);
            return parsed != null && parsed.isObject() ? parsed : JSON.getNodeFactory().textNode(arguments);
        } catch (IOException e) {
            return JSON.getNodeFactory().textNode(arguments);
        }
    }

    /** The key of {@code Authorization: Bearer <key>}, "" when there is none. */
    static String bearerKey(Headers headers) {
        String header = headers.getFirst("Authorization");
        return header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).strip() : "";
    }
}
