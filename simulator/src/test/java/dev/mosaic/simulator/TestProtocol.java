package dev.mosaic.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The four chat protocols as a client sees them: how to ask (body and credentials) and how to read a
 * streamed answer into a protocol-neutral {@link Transcript}, so one test can check every protocol.
 */
enum TestProtocol {
    CHAT_COMPLETIONS("/v1/chat/completions"),
    RESPONSES("/v1/responses"),
    ANTHROPIC("/v1/messages"),
    OLLAMA("/api/chat");

    /** A tool call as the client put it together. */
    record ToolCallSeen(String name, JsonNode arguments) {}

    /**
     * @param error the message of the in-band error, null when there was none
     * @param complete whether the stream ended with the protocol's end marker
     * @param contentEvents how many events or lines carried content
     */
    record Transcript(String text, String thinking, List<ToolCallSeen> toolCalls, String error, boolean complete,
            int contentEvents) {}

    final String path;

    TestProtocol(String path) {
        this.path = path;
    }

    /** A request body for a conversation of role/text pairs, in this protocol's shape. */
    ObjectNode body(boolean stream, String... roleThenText) {
        ObjectNode body = SimulatorClient.JSON.createObjectNode().put("model", "test-model").put("stream", stream);
        if (this == ANTHROPIC) {
            body.put("max_tokens", 1024);
        }
        ArrayNode messages = body.putArray(this == RESPONSES ? "input" : "messages");
        for (int i = 0; i < roleThenText.length; i += 2) {
            if (this == ANTHROPIC && roleThenText[i].equals("system")) {
                body.put("system", roleThenText[i + 1]);
            } else {
                messages.addObject().put("role", roleThenText[i]).put("content", roleThenText[i + 1]);
            }
        }
        return body;
    }

    /** {@code body} offering tools of these names, in this protocol's shape. */
    ObjectNode withTools(ObjectNode body, String... names) {
        ArrayNode tools = body.putArray("tools");
        for (String name : names) {
            ObjectNode schema = SimulatorClient.JSON.createObjectNode().put("type", "object");
            switch (this) {
                case ANTHROPIC -> tools.addObject().put("name", name).put("description", "").set("input_schema", schema);
                case RESPONSES -> tools.addObject().put("type", "function").put("name", name).set("parameters", schema);
                case CHAT_COMPLETIONS, OLLAMA -> tools.addObject().put("type", "function").putObject("function")
                        .put("name", name).set("parameters", schema);
            }
        }
        return body;
    }

    /** A request to this protocol's endpoint with its usual credentials; {@code root} points at the simulator's root. */
    HttpRequest.Builder request(SimulatorClient root) {
        HttpRequest.Builder request = root.unauthenticated(path).header("Content-Type", "application/json");
        return this == ANTHROPIC ? request.header("x-api-key", "test-key").header("anthropic-version", "2023-06-01")
                : request.header("Authorization", "Bearer test-key");
    }

    HttpRequest post(SimulatorClient root, ObjectNode body) {
        return request(root).POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
    }

    /** The message of an HTTP error body, after checking it is in this protocol's envelope. */
    String errorMessage(JsonNode body) {
        switch (this) {
            case CHAT_COMPLETIONS, RESPONSES -> {
                assertEquals(Set.of("message", "type", "param", "code"), Wire.keys(body.path("error")), body::toString);
                return body.at("/error/message").asText();
            }
            case ANTHROPIC -> {
                assertEquals(Set.of("type", "error", "request_id"), Wire.keys(body), body::toString);
                assertEquals("error", body.path("type").asText());
                assertEquals(Set.of("type", "message"), Wire.keys(body.path("error")));
                return body.at("/error/message").asText();
            }
            case OLLAMA -> {
                assertEquals(Set.of("error"), Wire.keys(body), body::toString);
                assertTrue(body.path("error").isTextual());
                return body.path("error").asText();
            }
        }
        throw new AssertionError(this);
    }

    /** A streamed answer as the client makes sense of it. */
    Transcript read(String body) {
        return switch (this) {
            case CHAT_COMPLETIONS -> readChatCompletions(body);
            case RESPONSES -> readResponses(Wire.events(body));
            case ANTHROPIC -> readAnthropic(Wire.events(body));
            case OLLAMA -> readOllama(Wire.lines(body));
        };
    }

    private static Transcript readChatCompletions(String body) {
        Reader reader = new Reader();
        for (JsonNode chunk : SimulatorClient.chunks(body)) {
            if (chunk.has("error")) {
                reader.error = chunk.at("/error/message").asText();
            }
            JsonNode delta = chunk.at("/choices/0/delta");
            reader.text(delta.path("content").asText(""));
            reader.thinking(delta.path("reasoning_content").asText(""));
            JsonNode call = delta.at("/tool_calls/0");
            if (call.has("id")) {
                reader.startCall(call.at("/function/name").asText());
            } else if (call.has("function")) {
                reader.arguments(call.at("/function/arguments").asText());
            }
        }
        reader.complete = body.contains("data: [DONE]");
        return reader.transcript();
    }

    private static Transcript readResponses(List<Wire.Event> events) {
        Reader reader = new Reader();
        for (Wire.Event event : events) {
            JsonNode data = event.data();
            switch (event.type()) {
                case "response.output_text.delta" -> reader.text(data.path("delta").asText());
                case "response.reasoning_summary_text.delta" -> reader.thinking(data.path("delta").asText());
                case "response.output_item.added" -> {
                    if (data.at("/item/type").asText().equals("function_call")) {
                        reader.startCall(data.at("/item/name").asText());
                    }
                }
                case "response.function_call_arguments.delta" -> reader.arguments(data.path("delta").asText());
                case "error" -> reader.error = data.path("message").asText();
                case "response.completed" -> reader.complete = true;
                default -> { }
            }
        }
        return reader.transcript();
    }

    private static Transcript readAnthropic(List<Wire.Event> events) {
        Reader reader = new Reader();
        for (Wire.Event event : events) {
            JsonNode data = event.data();
            switch (event.type()) {
                case "content_block_start" -> {
                    if (data.at("/content_block/type").asText().equals("tool_use")) {
                        reader.startCall(data.at("/content_block/name").asText());
                    }
                }
                case "content_block_delta" -> {
                    JsonNode delta = data.path("delta");
                    switch (delta.path("type").asText()) {
                        case "text_delta" -> reader.text(delta.path("text").asText());
                        case "thinking_delta" -> reader.thinking(delta.path("thinking").asText());
                        case "input_json_delta" -> reader.arguments(delta.path("partial_json").asText());
                        default -> { }
                    }
                }
                case "error" -> reader.error = data.at("/error/message").asText();
                default -> { }
            }
        }
        reader.complete = !events.isEmpty() && events.getLast().type().equals("message_stop");
        return reader.transcript();
    }

    private static Transcript readOllama(List<JsonNode> lines) {
        Reader reader = new Reader();
        for (JsonNode line : lines) {
            if (line.has("error")) {
                reader.error = line.path("error").asText();
                continue;
            }
            JsonNode message = line.path("message");
            reader.text(message.path("content").asText(""));
            reader.thinking(message.path("thinking").asText(""));
            for (JsonNode call : message.path("tool_calls")) {
                reader.calls.add(new ToolCallSeen(call.at("/function/name").asText(), call.at("/function/arguments")));
                reader.contentEvents++;
            }
        }
        reader.complete = !lines.isEmpty() && lines.getLast().path("done").asBoolean(false);
        return reader.transcript();
    }

    /** Arguments as JSON, or as the text they are when they are not JSON (cut off on purpose). */
    private static JsonNode parsedArguments(String streamed) {
        try {
            return SimulatorClient.JSON.readTree(streamed);
        } catch (JsonProcessingException notJson) {
            return TextNode.valueOf(streamed);
        }
    }

    /** Collects what the events carried; tool call arguments arrive as string fragments except in Ollama. */
    private static final class Reader {
        final StringBuilder text = new StringBuilder();
        final StringBuilder thinking = new StringBuilder();
        final List<ToolCallSeen> calls = new ArrayList<>();
        final List<String> callNames = new ArrayList<>();
        final List<StringBuilder> callArguments = new ArrayList<>();
        String error;
        boolean complete;
        int contentEvents;

        void text(String piece) {
            if (!piece.isEmpty()) {
                text.append(piece);
                contentEvents++;
            }
        }

        void thinking(String piece) {
            if (!piece.isEmpty()) {
                thinking.append(piece);
                contentEvents++;
            }
        }

        void startCall(String name) {
            callNames.add(name);
            callArguments.add(new StringBuilder());
            contentEvents++;
        }

        void arguments(String piece) {
            callArguments.getLast().append(piece);
            contentEvents++;
        }

        Transcript transcript() {
            List<ToolCallSeen> all = new ArrayList<>(calls);
            for (int i = 0; i < callNames.size(); i++) {
                all.add(new ToolCallSeen(callNames.get(i), parsedArguments(callArguments.get(i).toString())));
            }
            return new Transcript(text.toString(), thinking.toString(), all, error, complete, contentEvents);
        }
    }
}
