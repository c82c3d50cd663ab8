package dev.mosaic.benchmarks;

import static dev.mosaic.benchmarks.RelayBenchmark.ms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mosaic.simulator.ProviderSimulator;
import dev.mosaic.simulator.SimulatorOptions;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * What one tool round trip adds to an exchange, measured from a WebSocket client of a gateway
 * process: the time from the {@code message:end} of the model's turn that asked for a tool to the
 * {@code message:start} of the turn that reads its result. That span is all gateway: running the
 * tool (or asking the client and waiting for its answer), storing the call's result, preparing the
 * context and storing the start of the next reply; the model is not asked within it.
 *
 * <ul>
 *   <li>a gateway tool: {@code current_time}, with the {@code default} agent;
 *   <li>a client tool: {@code read_file}, with {@code coding-agent}, answered by this client as soon
 *       as it is asked (so the span holds two WebSocket frames and no file reading).
 * </ul>
 *
 * Run with {@code ./mosaic bench-tools [--rounds N] [--warmup N] [--port N] [--db-url URL] [--redis-url URL]}.
 */
final class ToolRoundTripBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String READ_FILE = """
            {"type":"tools:offer","tools":[{"name":"read_file","description":"Reads a file.",\
            "parameters":{"type":"object","properties":{"path":{"type":"string"}},"required":["path"]}}]}""";

    private ToolRoundTripBenchmark() {}

    static void main(String[] args) throws Exception {
        Map<String, String> env = System.getenv();
        Map<String, String> options = new java.util.LinkedHashMap<>(Map.of("--rounds", "300", "--warmup", "100",
                "--port", "18090", "--db-url", env.getOrDefault("MOSAIC_BENCH_DB_URL",
                        "jdbc:postgresql://127.0.0.1:5432/mosaic_bench"), "--redis-url", "redis://127.0.0.1:6379/5"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!options.containsKey(args[i])) {
                throw new IllegalArgumentException("unknown option " + args[i] + "; known: " + options.keySet());
            }
            options.put(args[i], args[i + 1]);
        }
        int rounds = Integer.parseInt(options.get("--rounds"));
        int warmup = Integer.parseInt(options.get("--warmup"));
        double loadAtStart = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        List<Long> gateway;
        List<Long> client;
        try (ProviderSimulator simulator = ProviderSimulator.start(SimulatorOptions.defaults().withTokenDelay(Duration.ZERO));
                GatewayOverhead.GatewayProcess process = GatewayOverhead.GatewayProcess.start("tools",
                        System.getProperty("java.class.path"), GatewayOverhead.GATEWAY_JVM,
                        Integer.parseInt(options.get("--port")), "bench-tools", simulator, options.get("--db-url"),
                        options.get("--redis-url"), env);
                Client socket = new Client(URI.create("ws://127.0.0.1:" + process.port() + "/v1/ws"),
                        GatewayOverhead.newUser(options.get("--db-url"), env))) {
            socket.send(READ_FILE);
            socket.await("tools:offered");
            for (int i = 0; i < warmup; i++) {
                socket.roundTrip(null, "#sim:call current_time");
                socket.roundTrip("coding-agent", "#sim:call read_file {\"path\":\"README.md\"}");
            }
            gateway = new ArrayList<>();
            client = new ArrayList<>();
            for (int i = 0; i < rounds; i++) {
                gateway.add(socket.roundTrip(null, "#sim:call current_time"));
                client.add(socket.roundTrip("coding-agent", "#sim:call read_file {\"path\":\"README.md\"}"));
            }
        }
        System.out.printf(Locale.ROOT, "%nTool round trip: %d rounds of each after %d warm-up rounds, taking turns; "
                + "%d cores, Java %s; load average %.2f at the start, %.2f at the end%n%n", rounds, warmup,
                Runtime.getRuntime().availableProcessors(), Runtime.version(), loadAtStart,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        System.out.println("| tool | runs on | added p50 | p90 | p99 |");
        System.out.println("|---|---|---|---|---|");
        System.out.printf(Locale.ROOT, "| current_time | gateway | %s | %s | %s |%n", ms(gateway, 50), ms(gateway, 90),
                ms(gateway, 99));
        System.out.printf(Locale.ROOT, "| read_file | client (answers at once) | %s | %s | %s |%n", ms(client, 50),
                ms(client, 90), ms(client, 99));
    }

    /** A WebSocket client that answers every {@code tool:call} at once and notes when frames arrive. */
    static final class Client implements WebSocket.Listener, AutoCloseable {
        record Frame(JsonNode body, long at) {}

        private final HttpClient http = HttpClient.newHttpClient();
        private final BlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();
        private final WebSocket socket;

        Client(URI url, String token) throws Exception {
            socket = http.newWebSocketBuilder().header("Authorization", "Bearer " + token).buildAsync(url, this)
                    .get(10, TimeUnit.SECONDS);
        }

        void send(String frame) throws Exception {
            socket.sendText(frame, true).get(10, TimeUnit.SECONDS);
        }

        /**
         * One exchange in a new conversation (switched to {@code agent} first when given) whose model
         * asks for one tool.
         *
         * @return nanoseconds from the end of the asking turn to the start of the next
         */
        long roundTrip(String agent, String text) throws Exception {
            String conversation = null;
            if (agent != null) {
                send("{\"type\":\"message:send\",\"text\":\"hello\"}");
                conversation = await("message:end").body().get("conversationId").asText();
                send("{\"type\":\"command:execute\",\"command\":\"/agent " + agent + "\",\"conversationId\":\""
                        + conversation + "\"}");
                await("command:result");
            }
            Map<String, String> message = new java.util.LinkedHashMap<>(Map.of("type", "message:send", "text", text));
            if (conversation != null) {
                message.put("conversationId", conversation);
            }
            send(JSON.writeValueAsString(message));
            Frame asked = await("message:end");
            if (!asked.body().path("continues").asBoolean()) {
                throw new IllegalStateException("the model asked for no tool: " + asked.body());
            }
            Frame next = await("message:start");
            await("message:end");
            return next.at() - asked.at();
        }

        /** The next frame of any type, with when it arrived. */
        Frame next() throws Exception {
            Frame frame = frames.poll(30, TimeUnit.SECONDS);
            if (frame == null) {
                throw new IllegalStateException("no frame within 30 s");
            }
            return frame;
        }

        /** The next frame of that type; a tool call is answered on the way, an error frame fails. */
        Frame await(String type) throws Exception {
            while (true) {
                Frame frame = next();
                String got = frame.body().path("type").asText();
                if (got.equals(type)) {
                    return frame;
                }
                if (got.equals("error")) {
                    throw new IllegalStateException("the gateway answered " + frame.body());
                }
            }
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            long now = System.nanoTime();
            partial.append(data);
            if (last) {
                try {
                    JsonNode frame = JSON.readTree(partial.toString());
                    if (frame.path("type").asText().equals("tool:call")) {
                        ws.sendText(JSON.writeValueAsString(Map.of("type", "tool:result", "callId",
                                frame.get("callId").asText(), "content", "# Mosaic")), true);
                    }
                    frames.add(new Frame(frame, now));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                } finally {
                    partial.setLength(0);
                }
            }
            ws.request(1);
            return null;
        }

        @Override
        public void close() {
            socket.abort();
            http.close();
        }
    }
}
