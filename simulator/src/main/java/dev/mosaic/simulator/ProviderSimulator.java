package dev.mosaic.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An OpenAI Chat Completions server on 127.0.0.1 that answers with simulated replies.
 *
 * <p>Endpoints: {@code POST /v1/chat/completions} (streaming or not), {@code GET /v1/models}, and
 * {@code GET /_simulator/requests} (every request received, as JSON). Each request is handled on
 * its own virtual thread, so slow and hanging replies cost nothing.
 */
public final class ProviderSimulator implements AutoCloseable {

    /** The one model the simulator lists; any model name in a request is accepted and echoed. */
    public static final String MODEL = "mosaic-simulator";

    /** The longest a {@link Reply#hang hanging} reply keeps its connection open. */
    public static final Duration MAX_HANG = Duration.ofMinutes(10);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REQUESTS_PATH = "/_simulator/requests";

    private final SimulatorOptions options;
    private final HttpServer server;
    private final ExecutorService handlers;
    private final Queue<Reply> script = new ConcurrentLinkedQueue<>();
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private final AtomicLong sequence = new AtomicLong();
    private final CountDownLatch closing = new CountDownLatch(1);

    private ProviderSimulator(SimulatorOptions options, HttpServer server, ExecutorService handlers) {
        this.options = options;
        this.server = server;
        this.handlers = handlers;
    }

    public static ProviderSimulator start(SimulatorOptions options) {
        // Chunks are small writes that must leave at once, as a real provider's do; without
        // TCP_NODELAY, Nagle's algorithm holds them for the client's delayed ACK (about 40 ms).
        // The JDK's server reads this property once, before its first server starts.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), options.port()), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("the provider simulator cannot listen on 127.0.0.1:" + options.port(), e);
        }
        ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();
        ProviderSimulator simulator = new ProviderSimulator(options, server, handlers);
        server.setExecutor(handlers);
        server.createContext("/", simulator::handle);
        server.start();
        return simulator;
    }

    /** Where OpenAI clients should point, e.g. {@code http://127.0.0.1:PORT/v1}. */
    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + port() + "/v1");
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Queues a reply for the next chat request; replies are used in order, then the default one. */
    public void script(Reply reply) {
        script.add(Objects.requireNonNull(reply, "reply"));
    }

    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    public RecordedRequest lastRequest() {
        if (requests.isEmpty()) {
            throw new IllegalStateException("the simulator has not received any request yet");
        }
        return requests.getLast();
    }

    public void clearRequests() {
        requests.clear();
    }

    /** Stops at once: hanging and slow replies are cut off and their connections closed. */
    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        handlers.shutdownNow();
        try {
            handlers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void handle(HttpExchange exchange) {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            byte[] raw = exchange.getRequestBody().readAllBytes();
            if (path.equals(REQUESTS_PATH) && method.equals("GET")) {
                sendJson(exchange, 200, JSON.valueToTree(requests()), Map.of());
                return;
            }
            JsonNode body = parse(raw);
            RecordedRequest recorded = record(exchange, method, path, body);
            ObjectNode authFailure = authFailure(exchange);
            if (authFailure != null) {
                sendJson(exchange, 401, authFailure, Map.of());
            } else if (path.equals("/v1/chat/completions") && method.equals("POST")) {
                chatCompletions(exchange, recorded.sequence(), body);
            } else if (path.equals("/v1/models") && method.equals("GET")) {
                sendJson(exchange, 200, models(), Map.of());
            } else {
                sendJson(exchange, 404, OpenAiErrors.error("Invalid URL (" + method + " " + path + ")",
                        "invalid_request_error", null, null), Map.of());
            }
        } catch (IOException e) {
            // The client went away mid-response; there is nobody left to tell.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void chatCompletions(HttpExchange exchange, long requestSequence, JsonNode body)
            throws IOException, InterruptedException {
        if (body == null || !body.isObject()) {
            sendJson(exchange, 400, OpenAiErrors.error("We could not parse the JSON body of your request. (HINT: This"
                    + " likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON"
                    + " payload.)", "invalid_request_error", null, null), Map.of());
            return;
        }
        JsonNode messages = body.path("messages");
        if (!messages.isArray() || messages.isEmpty()) {
            sendJson(exchange, 400, OpenAiErrors.error("'messages' must be a non-empty array of messages.",
                    "invalid_request_error", "messages", null), Map.of());
            return;
        }
        ReceivedMessages received = ReceivedMessages.of(messages);
        Reply scripted = script.poll();
        Reply reply = scripted != null ? scripted : DefaultReplies.answer(received);
        if (reply.isHttpError()) {
            send(exchange, reply.httpStatus(), reply.httpErrorBody().getBytes(StandardCharsets.UTF_8), reply.httpHeaders());
            return;
        }
        String model = body.path("model").asText("");
        ChatCompletionWriter writer = new ChatCompletionWriter(reply, requestSequence, model.isBlank() ? MODEL : model,
                received.promptTokens());
        if (!body.path("stream").asBoolean(false)) {
            sendJson(exchange, 200, writer.completion(), Map.of());
            return;
        }
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        exchange.getResponseHeaders().set("x-request-id", "req_sim" + requestSequence);
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        Duration delay = reply.tokenDelay() != null ? reply.tokenDelay() : options.tokenDelay();
        writer.stream(out, body.path("stream_options").path("include_usage").asBoolean(false), delay,
                options.chunkObserver(), requestSequence, closing);
    }

    /** Null when the request may pass, else OpenAI's error saying why not. */
    private ObjectNode authFailure(HttpExchange exchange) {
        if (!options.requireAuth()) {
            return null;
        }
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        String key = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).strip() : "";
        if (key.isEmpty()) {
            return OpenAiErrors.error("You didn't provide an API key. You need to provide your API key in an"
                    + " Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
                    "invalid_request_error", null, null);
        }
        if (options.apiKey() != null && !options.apiKey().equals(key)) {
            return OpenAiErrors.error("Incorrect API key provided.", "invalid_request_error", null, "invalid_api_key");
        }
        return null;
    }

    private RecordedRequest record(HttpExchange exchange, String method, String path, JsonNode body) {
        Map<String, List<String>> headers = new TreeMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            headers.put(lower, lower.equals("authorization") ? List.of(RecordedRequest.REDACTED) : new ArrayList<>(values));
        });
        RecordedRequest recorded = new RecordedRequest(sequence.incrementAndGet(), method, path, headers, body);
        requests.add(recorded);
        return recorded;
    }

    private static JsonNode parse(byte[] raw) {
        if (raw.length == 0) {
            return null;
        }
        try {
            return JSON.readTree(raw);
        } catch (IOException e) {
            return null;
        }
    }

    private static ObjectNode models() {
        ObjectNode list = JSON.createObjectNode().put("object", "list");
        list.putArray("data").addObject().put("id", MODEL).put("object", "model").put("created", 1_767_225_600L)
                .put("owned_by", "mosaic");
        return list;
    }

    private static void sendJson(HttpExchange exchange, int status, JsonNode json, Map<String, String> headers)
            throws IOException {
        send(exchange, status, JSON.writeValueAsBytes(json), headers);
    }

    /** JSON unless {@code headers} name another content type. */
    private static void send(HttpExchange exchange, int status, byte[] body, Map<String, String> headers)
            throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        headers.forEach(exchange.getResponseHeaders()::set);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        exchange.getResponseBody().write(body);
    }
}
