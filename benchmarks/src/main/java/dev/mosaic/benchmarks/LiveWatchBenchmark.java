package dev.mosaic.benchmarks;

import static dev.mosaic.benchmarks.RelayBenchmark.ms;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mosaic.simulator.ProviderSimulator;
import dev.mosaic.simulator.SimulatorOptions;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The delay a client watching a conversation sees, over the client that sent the message: for each
 * delta of a reply, the time from its arrival at the sender to its arrival at a watcher connected to
 * the same gateway instance, and at a watcher connected to another instance (two gateway processes on
 * one database and Redis, docs/adr/0016-live-conversations.md). The three clients run in this JVM, so
 * their timestamps share one clock.
 *
 * Run with {@code ./mosaic bench-live [--replies N] [--warmup N] [--chunks N] [--delay-ms N] [--port N]
 * [--db-url URL] [--redis-url URL]}.
 */
final class LiveWatchBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();

    private LiveWatchBenchmark() {}

    static void main(String[] args) throws Exception {
        Map<String, String> env = System.getenv();
        Map<String, String> options = new LinkedHashMap<>(Map.of("--replies", "200", "--warmup", "50", "--chunks", "50",
                "--delay-ms", "2", "--port", "18095", "--db-url", env.getOrDefault("MOSAIC_BENCH_DB_URL",
                        "jdbc:postgresql://127.0.0.1:5432/mosaic_bench"), "--redis-url", "redis://127.0.0.1:6379/5"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!options.containsKey(args[i])) {
                throw new IllegalArgumentException("unknown option " + args[i] + "; known: " + options.keySet());
            }
            options.put(args[i], args[i + 1]);
        }
        int replies = Integer.parseInt(options.get("--replies"));
        int warmup = Integer.parseInt(options.get("--warmup"));
        int chunks = Integer.parseInt(options.get("--chunks"));
        int port = Integer.parseInt(options.get("--port"));
        double loadAtStart = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        List<Long> sameInstance = new ArrayList<>();
        List<Long> otherInstance = new ArrayList<>();
        try (ProviderSimulator simulator = ProviderSimulator.start(SimulatorOptions.defaults()
                .withTokenDelay(Duration.ofMillis(Integer.parseInt(options.get("--delay-ms")))));
                GatewayOverhead.GatewayProcess first = gateway("live-1", port, simulator, options, env);
                GatewayOverhead.GatewayProcess second = gateway("live-2", port + 1, simulator, options, env)) {
            String token = GatewayOverhead.newUser(options.get("--db-url"), env);
            try (ToolRoundTripBenchmark.Client sender = client(first, token);
                    ToolRoundTripBenchmark.Client near = client(first, token);
                    ToolRoundTripBenchmark.Client far = client(second, token)) {
                sender.send("{\"type\":\"message:send\",\"text\":\"hello\"}");
                String conversation = sender.await("message:end").body().get("conversationId").asText();
                String open = JSON.writeValueAsString(Map.of("type", "conversation:open", "conversationId", conversation));
                near.send(open);
                near.await("conversation:history");
                far.send(open);
                far.await("conversation:history");
                String message = JSON.writeValueAsString(Map.of("type", "message:send", "text", "go on",
                        "conversationId", conversation));
                for (int i = 0; i < warmup + replies; i++) {
                    simulator.script(ChunkSendTimes.reply(chunks));
                    sender.send(message);
                    List<Long> sent = deltas(sender, chunks);
                    List<Long> nearby = deltas(near, chunks);
                    List<Long> away = deltas(far, chunks);
                    if (i >= warmup) {
                        for (int c = 0; c < chunks; c++) {
                            sameInstance.add(nearby.get(c) - sent.get(c));
                            otherInstance.add(away.get(c) - sent.get(c));
                        }
                    }
                }
            }
        }
        System.out.printf(Locale.ROOT, "%nWatching a conversation: %d replies of %d chunks %s ms apart after %d warm-up "
                + "replies; %d cores, Java %s; load average %.2f at the start, %.2f at the end%n%n", replies, chunks,
                options.get("--delay-ms"), warmup, Runtime.getRuntime().availableProcessors(), Runtime.version(),
                loadAtStart, ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        System.out.println("| watcher | delay after the sender p50 | p90 | p99 |");
        System.out.println("|---|---|---|---|");
        System.out.printf(Locale.ROOT, "| same instance as the sender | %s | %s | %s |%n", ms(sameInstance, 50),
                ms(sameInstance, 90), ms(sameInstance, 99));
        System.out.printf(Locale.ROOT, "| another instance | %s | %s | %s |%n", ms(otherInstance, 50),
                ms(otherInstance, 90), ms(otherInstance, 99));
    }

    private static GatewayOverhead.GatewayProcess gateway(String label, int port, ProviderSimulator simulator,
            Map<String, String> options, Map<String, String> env) throws Exception {
        return GatewayOverhead.GatewayProcess.start(label, System.getProperty("java.class.path"),
                GatewayOverhead.GATEWAY_JVM, port, "bench-live", simulator, options.get("--db-url"),
                options.get("--redis-url"), env);
    }

    private static ToolRoundTripBenchmark.Client client(GatewayOverhead.GatewayProcess gateway, String token)
            throws Exception {
        ToolRoundTripBenchmark.Client client = new ToolRoundTripBenchmark.Client(
                URI.create("ws://127.0.0.1:" + gateway.port() + "/v1/ws"), token);
        client.await("ready");
        return client;
    }

    /** When each text delta of one reply arrived, up to its end. */
    private static List<Long> deltas(ToolRoundTripBenchmark.Client client, int chunks) throws Exception {
        List<Long> arrivals = new ArrayList<>(chunks);
        while (true) {
            ToolRoundTripBenchmark.Client.Frame frame = client.next();
            String type = frame.body().path("type").asText();
            if (type.equals("message:delta") && frame.body().path("kind").asText().equals("text")) {
                arrivals.add(frame.at());
            } else if (type.equals("message:end") && !frame.body().path("continues").asBoolean()) {
                if (arrivals.size() != chunks) {
                    throw new IllegalStateException("expected " + chunks + " deltas, got " + arrivals.size());
                }
                return arrivals;
            } else if (type.equals("error")) {
                throw new IllegalStateException("the gateway answered " + frame.body());
            }
        }
    }
}
