package dev.mosaic.benchmarks;

import static dev.mosaic.benchmarks.ChunkSendTimes.percentile;

import dev.mosaic.bootstrap.Gateway;
import dev.mosaic.bootstrap.GatewaySettings;
import dev.mosaic.simulator.ProviderSimulator;
import dev.mosaic.simulator.SimulatorOptions;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * What each channel adds to the time to first token: one gateway (PostgreSQL and Redis as in
 * production, OpenAI on the provider simulator) answered through the WebSocket, the
 * OpenAI-compatible and the Anthropic-compatible channels, and the simulator asked directly over
 * the protocol the gateway uses upstream. The four take turns, one streamed request each per round,
 * so the machine's noise falls on all alike; every request starts a new conversation, so each
 * stores a conversation, the question and the answer. The clock runs from sending the request to
 * the first piece of answer text. Run with {@code ./mosaic bench-channels [--rounds N]
 * [--token-delay-ms N]}.
 */
public final class ChannelFirstTokenBenchmark {
    private static final String KEY = "bench";
    private static final String MODEL = "gpt-4o-mini";
    private static final String QUESTION = "hello, how are you today?";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private ChannelFirstTokenBenchmark() {}

    /** One way of asking: returns nanoseconds from sending to the first text, then reads the rest. */
    private interface Path {
        long firstToken() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        int rounds = 300;
        int tokenDelay = 5;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
                case "--token-delay-ms" -> tokenDelay = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("usage: ChannelFirstTokenBenchmark [--rounds N]"
                        + " [--token-delay-ms N]");
            }
        }
        double loadAtStart = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        SimulatorOptions simulation = SimulatorOptions.defaults().withTokenDelay(Duration.ofMillis(tokenDelay));
        try (ProviderSimulator upstream = ProviderSimulator.start(simulation);
                Gateway gateway = Gateway.start(settings(upstream));
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            String token = gateway.accounts().createUser("channels-" + System.currentTimeMillis(), null).token().secret();
            URI base = URI.create(gateway.webSocketUri().toString().replaceFirst("^ws", "http")).resolve("/");
            Socket socket = new Socket(http, gateway.webSocketUri(), token);
            Map<String, Path> paths = new LinkedHashMap<>();
            paths.put("direct to the upstream (OpenAI Chat Completions)", () -> sse(http, post(upstream.baseUrl()
                    .resolve("/v1/chat/completions"), "Bearer " + KEY, null, openAiBody()), "\"content\":\""));
            paths.put("WebSocket channel", socket::firstToken);
            paths.put("OpenAI-compatible channel (/v1/chat/completions)", () -> sse(http, post(base.resolve(
                    "v1/chat/completions"), "Bearer " + token, null, openAiBody()), "\"content\":\""));
            paths.put("Anthropic-compatible channel (/v1/messages)", () -> sse(http, post(base.resolve("v1/messages"),
                    null, token, "{\"model\":\"auto\",\"max_tokens\":256,\"stream\":true,\"messages\":[{\"role\":"
                            + "\"user\",\"content\":\"" + QUESTION + "\"}]}"), "\"text_delta\""));
            Map<String, List<Long>> samples = new LinkedHashMap<>();
            paths.keySet().forEach(name -> samples.put(name, new ArrayList<>()));
            for (int round = -20; round < rounds; round++) { // 20 rounds of warm-up, not counted
                for (Map.Entry<String, Path> path : paths.entrySet()) {
                    long took = path.getValue().firstToken();
                    if (round >= 0) {
                        samples.get(path.getKey()).add(took);
                    }
                }
            }
            socket.close();
            report(samples, rounds, tokenDelay, loadAtStart);
        }
    }

    private static GatewaySettings settings(ProviderSimulator upstream) {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.keySet().removeIf(name -> name.matches("(ANTHROPIC|OPENAI|OPENROUTER|ZAI|OLLAMA)_.*|MOSAIC_PROVIDER"
                + "|MOSAIC_SIMULATOR_.*"));
        env.put("MOSAIC_DB_URL", env.getOrDefault("MOSAIC_BENCH_DB_URL", "jdbc:postgresql://127.0.0.1:5432/mosaic_bench"));
        env.put("MOSAIC_PORT", "0");
        // Background jobs (summaries of earlier runs' idle conversations, archiving) would call the same
        // simulator and spend the CPU this benchmark measures.
        env.put("MOSAIC_JOBS_WORKERS", "false");
        env.putAll(Map.of("OPENAI_API_KEY", KEY, "OPENAI_BASE_URL", upstream.baseUrl().toString(), "OPENAI_MODEL", MODEL,
                "MOSAIC_PROVIDER", "openai"));
        return GatewaySettings.load(env);
    }

    private static String openAiBody() {
        return "{\"model\":\"" + MODEL + "\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"" + QUESTION
                + "\"}]}";
    }

    private static HttpRequest post(URI uri, String authorization, String apiKey, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(TIMEOUT).header("Content-Type",
                "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (apiKey != null) {
            request.header("x-api-key", apiKey).header("anthropic-version", "2023-06-01");
        }
        return request.build();
    }

    /** Sends, times the first event line holding {@code firstText}, and reads the stream to its end. */
    private static long sse(HttpClient http, HttpRequest request, String firstText) throws Exception {
        long sent = System.nanoTime();
        HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(request.uri() + " answered " + response.statusCode() + ": "
                    + new String(response.body().readAllBytes(), StandardCharsets.UTF_8));
        }
        long first = 0;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (first == 0 && line.startsWith("data:") && line.contains(firstText)) {
                    first = System.nanoTime() - sent;
                }
            }
        }
        if (first == 0) {
            throw new IllegalStateException(request.uri() + " streamed no text");
        }
        return first;
    }

    /** One WebSocket; one message at a time, each in a new conversation. */
    private static final class Socket implements WebSocket.Listener {
        private final WebSocket socket;
        private final StringBuilder partial = new StringBuilder();
        private volatile long firstTokenAt;
        private volatile CompletableFuture<String> done = new CompletableFuture<>();

        Socket(HttpClient http, URI uri, String token) throws Exception {
            socket = http.newWebSocketBuilder().header("Authorization", "Bearer " + token).buildAsync(uri, this)
                    .get(10, TimeUnit.SECONDS);
        }

        long firstToken() throws Exception {
            firstTokenAt = 0;
            done = new CompletableFuture<>();
            long sent = System.nanoTime();
            socket.sendText("{\"type\":\"message:send\",\"text\":\"" + QUESTION + "\"}", true).get(10, TimeUnit.SECONDS);
            String end = done.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            if (firstTokenAt == 0 || !end.contains("\"status\":\"complete\"")) {
                throw new IllegalStateException("the WebSocket reply did not complete: " + end);
            }
            return firstTokenAt - sent;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String frame = partial.toString();
                partial.setLength(0);
                if (frame.startsWith("{\"type\":\"message:delta\"") && firstTokenAt == 0) {
                    firstTokenAt = System.nanoTime();
                } else if (frame.startsWith("{\"type\":\"message:end\"") || frame.startsWith("{\"type\":\"error\"")) {
                    done.complete(frame);
                }
            }
            ws.request(1);
            return null;
        }

        void close() {
            socket.abort();
        }
    }

    private static void report(Map<String, List<Long>> samples, int rounds, int tokenDelay, double loadAtStart) {
        List<Long> direct = samples.values().iterator().next();
        double directP50 = percentile(direct, 50) / 1e6;
        double directP99 = percentile(direct, 99) / 1e6;
        System.out.printf(Locale.ROOT, "## Time to first token per channel%n%n%d rounds of each, token delay %d ms,"
                + " %d processors, load average %.2f at start and %.2f at the end%n%n", rounds, tokenDelay,
                Runtime.getRuntime().availableProcessors(), loadAtStart,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        System.out.println("| path | p50 | p99 | added p50 | added p99 |");
        System.out.println("|---|---|---|---|---|");
        for (Map.Entry<String, List<Long>> path : samples.entrySet()) {
            double p50 = percentile(path.getValue(), 50) / 1e6;
            double p99 = percentile(path.getValue(), 99) / 1e6;
            boolean isDirect = path.getValue() == direct;
            System.out.printf(Locale.ROOT, "| %s | %.2f ms | %.2f ms | %s | %s |%n", path.getKey(), p50, p99,
                    isDirect ? "" : String.format(Locale.ROOT, "+%.2f ms", p50 - directP50),
                    isDirect ? "" : String.format(Locale.ROOT, "+%.2f ms", p99 - directP99));
        }
    }
}
