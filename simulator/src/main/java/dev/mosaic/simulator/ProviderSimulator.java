package dev.mosaic.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Headers;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
 * A model provider on 127.0.0.1 that answers with simulated replies, in four wire protocols on one
 * port. The same replies, {@link Reply scripts} and {@code #sim:} directives apply to all of them.
 *
 * <ul>
 *   <li>OpenAI Chat Completions: {@code POST /v1/chat/completions}, {@code GET /v1/models};
 *   <li>OpenAI Responses: {@code POST /v1/responses};
 *   <li>Anthropic Messages: {@code POST /v1/messages}; {@code GET /v1/models} answers in Anthropic's
 *       shape when the request carries {@code anthropic-version} or {@code x-api-key};
 *   <li>Ollama: {@code POST /api/chat}, {@code GET /api/tags}, {@code POST /api/show},
 *       {@code POST /api/embed};
 *   <li>{@code GET /_simulator/requests}: every request received, as JSON.
 * </ul>
 *
 * <p>Each request is handled on its own virtual thread, so slow and hanging replies cost nothing.
 */
public final class ProviderSimulator implements AutoCloseable {

    /** The one model the simulator lists; any model name in a request is accepted and echoed. */
    public static final String MODEL = "mosaic-simulator";

    /** The embedding model Ollama's {@code /api/tags} lists; {@code /api/embed} accepts any name. */
    public static final String EMBEDDING_MODEL = "nomic-embed-text";

    /** The length of the vectors {@code /api/embed} returns unless the request asks for fewer. */
    public static final int EMBEDDING_DIMENSIONS = 768;

    /** The longest a {@link Reply#hang hanging} reply keeps its connection open. */
    public static final Duration MAX_HANG = Duration.ofMinutes(10);

    /** When the simulator's models were "created", as the model lists say. */
    static final Instant MODEL_CREATED = Instant.parse("2026-01-01T00:00:00Z");

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
        return URI.create(rootUrl() + "/v1");
    }

    /**
     * Where Anthropic and Ollama clients should point, e.g. {@code http://127.0.0.1:PORT}: they add
     * {@code /v1/messages} and {@code /api/chat} themselves.
     */
    public URI rootUrl() {
        return URI.create("http://127.0.0.1:" + port());
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /**
     * Queues a reply for the next chat request, in whichever protocol it comes; replies are used in
     * order, then the default one.
     */
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
            long sequence = record(exchange, method, path, body).sequence();
            WireProtocol protocol = protocolOf(path, exchange.getRequestHeaders());
            try {
                answer(exchange, protocol, method + " " + path, sequence, body);
            } catch (WireProtocol.BadRequest e) {
                sendJson(exchange, 400, e.body(), protocol.responseHeaders(sequence));
            }
        } catch (IOException e) {
            // The client went away mid-response; there is nobody left to tell.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Which protocol a request speaks, for its auth and error shapes: by path, except that
     * {@code /v1/models} is Anthropic's when the request carries Anthropic's headers.
     */
    private static WireProtocol protocolOf(String path, Headers headers) {
        if (path.startsWith("/api/")) {
            return OllamaProtocol.INSTANCE;
        }
        if (path.equals("/v1/messages")
                || path.equals("/v1/models") && (headers.containsKey("anthropic-version") || headers.containsKey("x-api-key"))) {
            return AnthropicMessagesProtocol.INSTANCE;
        }
        return path.equals("/v1/responses") ? ResponsesProtocol.INSTANCE : ChatCompletionsProtocol.INSTANCE;
    }

    private void answer(HttpExchange exchange, WireProtocol protocol, String route, long sequence, JsonNode body)
            throws IOException, InterruptedException, WireProtocol.BadRequest {
        JsonNode authFailure = protocol.authFailure(exchange.getRequestHeaders(), options, sequence);
        if (authFailure != null) {
            sendJson(exchange, 401, authFailure, protocol.responseHeaders(sequence));
            return;
        }
        switch (route) {
            case "POST /v1/chat/completions", "POST /v1/responses", "POST /v1/messages", "POST /api/chat" ->
                    chat(exchange, protocol, sequence, body);
            case "GET /v1/models" -> sendJson(exchange, 200, protocol == AnthropicMessagesProtocol.INSTANCE
                    ? AnthropicMessagesProtocol.models() : ChatCompletionsProtocol.models(), Map.of());
            case "GET /api/tags" -> sendJson(exchange, 200, OllamaModels.tags(), Map.of());
            case "POST /api/show" -> sendJson(exchange, 200, OllamaModels.show(body), Map.of());
            case "POST /api/embed" -> sendJson(exchange, 200, OllamaModels.embed(body), Map.of());
            default -> sendJson(exchange, 404, protocol.error(404, "Invalid URL (" + route + ")", sequence),
                    protocol.responseHeaders(sequence));
        }
    }

    private void chat(HttpExchange exchange, WireProtocol protocol, long sequence, JsonNode body)
            throws IOException, InterruptedException, WireProtocol.BadRequest {
        ReceivedMessages received = protocol.read(body, sequence);
        Reply scripted = script.poll();
        Reply reply = scripted != null ? scripted : DefaultReplies.answer(received, sequence);
        Map<String, String> headers = new LinkedHashMap<>(protocol.responseHeaders(sequence));
        if (reply.isHttpError()) {
            headers.putAll(reply.httpHeaders());
            String error = protocol.httpErrorBody(reply.httpStatus(), reply.httpErrorBody(), sequence);
            send(exchange, reply.httpStatus(), error.getBytes(StandardCharsets.UTF_8), headers);
            return;
        }
        String model = body.path("model").asText("");
        ReplyRenderer renderer = protocol.renderer(reply,
                new WireProtocol.RequestContext(sequence, model.isBlank() ? MODEL : model, body, received));
        if (!protocol.streams(body)) {
            sendJson(exchange, 200, renderer.whole(), headers);
            return;
        }
        headers.forEach(exchange.getResponseHeaders()::set);
        exchange.getResponseHeaders().set("Content-Type", renderer.streamContentType());
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        exchange.sendResponseHeaders(200, 0);
        Duration delay = reply.tokenDelay() != null ? reply.tokenDelay() : options.tokenDelay();
        ReplyStreamer.stream(exchange.getResponseBody(), renderer, reply, delay, options.chunkObserver(), sequence,
                closing);
    }

    private RecordedRequest record(HttpExchange exchange, String method, String path, JsonNode body) {
        Map<String, List<String>> headers = new TreeMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            headers.put(lower, RecordedRequest.SECRET_HEADERS.contains(lower) ? List.of(RecordedRequest.REDACTED)
                    : new ArrayList<>(values));
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
