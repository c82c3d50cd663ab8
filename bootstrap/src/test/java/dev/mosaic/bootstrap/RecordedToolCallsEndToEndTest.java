package dev.mosaic.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.mosaic.testsupport.ReferenceFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Recorded provider traffic with a tool call, replayed through the running gateway's tool loop: the
 * gateway parses the recorded call, runs the tool, and sends the result back in the shape that
 * provider takes, paired with the recorded call's id. The recordings call {@code get_weather}, which
 * the gateway does not have; they are served with the tool's name changed to {@code current_time}
 * (a gateway tool the default agent may use), and nothing else changed.
 */
class RecordedToolCallsEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CALL_ID = Pattern.compile("\"(?:call_id|id)\":\"((?:toolu|call)_[A-Za-z0-9_-]+)\"");
    private static final Pattern TIME_RESULT = Pattern.compile("\\(\\w+day, UTC\\)");

    /** A provider that answers its first chat request with a recording and every later one with another. */
    private record Recorded(HttpServer server, List<String> bodies) implements AutoCloseable {
        static Recorded serve(String chatPath, String contentType, String first, String then, String listPath,
                String list) throws IOException {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            List<String> bodies = new CopyOnWriteArrayList<>();
            server.createContext("/", exchange -> {
                String path = exchange.getRequestURI().getPath();
                byte[] body;
                String type;
                if (path.endsWith(chatPath)) {
                    bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                    body = (bodies.size() == 1 ? first : then).getBytes(StandardCharsets.UTF_8);
                    type = contentType;
                } else if (path.endsWith(listPath)) {
                    body = list.getBytes(StandardCharsets.UTF_8);
                    type = "application/json";
                } else {
                    exchange.sendResponseHeaders(404, -1);
                    exchange.close();
                    return;
                }
                exchange.getResponseHeaders().set("Content-Type", type);
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            server.start();
            return new Recorded(server, bodies);
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "anthropic-stream-tool-use.sse, anthropic-stream-text.sse, anthropic",
        "openai-chat-stream-tools.sse, openai-chat-stream-text.sse, openai-chat",
        "openai-responses-stream-function-call.sse, openai-responses-stream.sse, openai-responses",
        "ollama-chat-stream-tools.ndjson, ollama-chat-stream.ndjson, ollama",
    })
    void aRecordedToolCallIsRunAndAnsweredInTheProvidersShape(String withCall, String answer, String provider)
            throws Exception {
        String recorded = ReferenceFiles.text(withCall);
        String served = recorded.replace("get_weather", "current_time");
        String then = ReferenceFiles.text(answer);
        boolean ollama = provider.equals("ollama");
        String models = ollama ? "ollama-tags.json"
                : provider.equals("anthropic") ? "anthropic-models-list.json" : "openai-models-list.json";
        try (Recorded upstream = Recorded.serve(chatPath(provider), ollama ? "application/x-ndjson" : "text/event-stream",
                served, then, ollama ? "/api/tags" : "/models", ReferenceFiles.text(models));
                GatewayHarness gateway = GatewayHarness.start(settings(provider, upstream.url()))) {
            String token = gateway.newUser();
            try (RawSocket socket = new RawSocket(gateway.webSocket(), token)) {
                socket.next("ready");
                socket.send(JSON.writeValueAsString(Map.of("type", "message:send", "text", "What is the weather?")));
                JsonNode asked = socket.next("message:end");
                assertTrue(asked.path("continues").asBoolean(), asked.toString());
                JsonNode ran = socket.next("tool:end");
                assertEquals("current_time", ran.path("name").asText());
                assertTrue(!ran.path("isError").asBoolean(), ran.toString());
                JsonNode last = socket.next("message:end");
                assertEquals("complete", last.path("status").asText(), last.toString());
            }
            assertEquals(2, upstream.bodies().size(), "asked once with the question, once with the result");
            String followUp = upstream.bodies().get(1);
            assertTrue(TIME_RESULT.matcher(followUp).find(), "the tool's result went back: " + followUp);
            Matcher id = CALL_ID.matcher(recorded);
            if (id.find()) {
                assertResultPaired(provider, JSON.readTree(followUp), id.group(1));
            }
        }
    }

    /** The result names the recorded call's id where that provider's result does. */
    private static void assertResultPaired(String provider, JsonNode body, String callId) {
        String pairing = switch (provider) {
            case "anthropic" -> body.path("messages").findValuesAsText("tool_use_id").toString();
            case "openai-chat" -> body.path("messages").findValuesAsText("tool_call_id").toString();
            case "openai-responses" -> body.path("input").findValuesAsText("call_id").toString();
            default -> body.toString();
        };
        assertTrue(pairing.contains(callId), provider + " pairs the result with " + callId + ": " + body);
    }

    private static String chatPath(String provider) {
        return switch (provider) {
            case "anthropic" -> "/v1/messages";
            case "openai-chat" -> "/chat/completions";
            case "openai-responses" -> "/responses";
            default -> "/api/chat";
        };
    }

    private static Map<String, String> settings(String provider, String url) {
        return switch (provider) {
            case "anthropic" -> Map.of("MOSAIC_PROVIDER", "anthropic", "ANTHROPIC_API_KEY", "sk-ant-test-0123456789abcdef",
                    "ANTHROPIC_BASE_URL", url, "ANTHROPIC_MODEL", "claude-sonnet-4-6");
            case "openai-chat" -> Map.of("MOSAIC_PROVIDER", "openai", "OPENAI_API_KEY", "sk-test-0123456789abcdef",
                    "OPENAI_BASE_URL", url + "/v1", "OPENAI_MODEL", "gpt-4o");
            case "openai-responses" -> Map.of("MOSAIC_PROVIDER", "openai", "OPENAI_API_KEY", "sk-test-0123456789abcdef",
                    "OPENAI_BASE_URL", url + "/v1", "OPENAI_MODEL", "gpt-5.4");
            default -> Map.of("MOSAIC_PROVIDER", "ollama", "OLLAMA_HOST", url, "OLLAMA_MODEL", "llama3.2");
        };
    }
}
