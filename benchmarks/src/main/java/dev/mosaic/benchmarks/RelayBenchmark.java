package dev.mosaic.benchmarks;

import static dev.mosaic.benchmarks.ChunkSendTimes.percentile;

import dev.mosaic.application.Page;
import dev.mosaic.application.fakes.InMemoryAccounts;
import dev.mosaic.application.fakes.InMemoryCheckpoints;
import dev.mosaic.application.fakes.InMemoryConversations;
import dev.mosaic.application.fakes.InMemoryEmbeddingVectors;
import dev.mosaic.application.fakes.InMemoryProviderCredentials;
import dev.mosaic.bootstrap.Gateway;
import dev.mosaic.bootstrap.GatewaySettings;
import dev.mosaic.bootstrap.Storage;
import dev.mosaic.simulator.ChunkObserver;
import dev.mosaic.simulator.ProviderSimulator;
import dev.mosaic.simulator.Reply;
import dev.mosaic.simulator.SimulatorOptions;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What the gateway adds on top of the provider. One JVM runs the provider simulator, the gateway
 * and the client, so a chunk's send time (taken by the simulator just before it writes the chunk)
 * and its arrival time at the client share one clock. Three paths are measured, one reply at a time:
 *
 * <ol>
 *   <li>direct: an HTTP client reads the simulator's stream itself;
 *   <li>gateway, in-memory storage: the whole gateway, with the storage ports held in memory;
 *   <li>gateway, PostgreSQL: the production wiring, every message persisted.
 * </ol>
 *
 * The difference between 2 and 3 is what persistence costs the relay; between 1 and 3, what the
 * gateway as a whole adds. Run with {@code ./mosaic bench [--replies N] [--chunks N] [--delay-ms N]
 * [--flush-ms N]}.
 */
public final class RelayBenchmark {

    private record Options(int replies, int warmup, int chunks, int delayMillis, int flushMillis) {
        static Options parse(String[] args) {
            Map<String, Integer> values = new HashMap<>(Map.of("--replies", 300, "--warmup", 50, "--chunks", 40,
                    "--delay-ms", 2, "--flush-ms", 1000));
            for (int i = 0; i < args.length; i++) {
                if (!values.containsKey(args[i]) || i + 1 >= args.length) {
                    throw new IllegalArgumentException("usage: RelayBenchmark " + values.keySet().stream().sorted()
                            .map(k -> "[" + k + " N]").reduce("", (a, b) -> a + " " + b));
                }
                values.put(args[i], Integer.parseInt(args[++i]));
            }
            return new Options(values.get("--replies"), values.get("--warmup"), values.get("--chunks"),
                    values.get("--delay-ms"), values.get("--flush-ms"));
        }
    }

    /** Latencies of one path, in nanoseconds. */
    private record Samples(String path, List<Long> relay, List<Long> firstToken) {}

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        ChunkSendTimes sendTimes = new ChunkSendTimes();
        try (ProviderSimulator simulator = ProviderSimulator.start(SimulatorOptions.defaults()
                .withTokenDelay(Duration.ofMillis(options.delayMillis())).withChunkObserver(sendTimes))) {
            List<Samples> results = new ArrayList<>();
            results.add(direct(simulator, sendTimes, options));
            results.add(throughGateway("gateway, in-memory storage", simulator, sendTimes, options, true));
            results.add(throughGateway("gateway, PostgreSQL", simulator, sendTimes, options, false));
            report(options, results);
        }
    }

    private static String[] words(int chunks) {
        return Stream.iterate(0, i -> i + 1).limit(chunks).map(i -> "w" + i + " ").toArray(String[]::new);
    }

    private static Samples direct(ProviderSimulator simulator, ChunkSendTimes sendTimes, Options options) throws Exception {
        List<Long> relay = new ArrayList<>();
        List<Long> firstToken = new ArrayList<>();
        try (HttpClient http = HttpClient.newHttpClient()) {
            String body = "{\"model\":\"" + ProviderSimulator.MODEL + "\",\"stream\":true,"
                    + "\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}";
            for (int round = 0; round < options.warmup() + options.replies(); round++) {
                simulator.script(Reply.text(words(options.chunks())));
                sendTimes.expect(options.chunks());
                long sent = System.nanoTime();
                HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(
                                URI.create(simulator.baseUrl() + "/chat/completions"))
                        .header("Authorization", "Bearer bench").header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                long[] arrivals = new long[options.chunks()];
                int chunk = 0;
                try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(response.body()))) {
                    String line;
                    while ((line = lines.readLine()) != null) {
                        if (line.contains("\"content\":\"w") && chunk < arrivals.length) {
                            arrivals[chunk++] = System.nanoTime();
                        }
                    }
                }
                if (round >= options.warmup()) {
                    record(relay, firstToken, sendTimes, arrivals, chunk, sent);
                }
            }
        }
        return new Samples("direct from the simulator", relay, firstToken);
    }

    private static void record(List<Long> relay, List<Long> firstToken, ChunkSendTimes sendTimes, long[] arrivals, int count,
            long sent) {
        if (count != arrivals.length) {
            throw new IllegalStateException("expected " + arrivals.length + " chunks, got " + count);
        }
        for (int i = 0; i < count; i++) {
            relay.add(arrivals[i] - sendTimes.at(i));
        }
        firstToken.add(arrivals[0] - sent);
    }

    private static Samples throughGateway(String path, ProviderSimulator simulator, ChunkSendTimes sendTimes, Options options,
            boolean inMemory) throws Exception {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("MOSAIC_PORT", "0");
        env.put("MOSAIC_PROVIDER", "simulator");
        env.put("MOSAIC_SIMULATOR_URL", simulator.baseUrl().toString());
        GatewaySettings loaded = GatewaySettings.load(env);
        GatewaySettings settings = new GatewaySettings(loaded.server(), loaded.database(), loaded.redis(),
                new GatewaySettings.Chat(loaded.chat().provider(), loaded.chat().systemPrompt(),
                        Duration.ofMillis(options.flushMillis()), null),
                loaded.providers(), loaded.credentials(), loaded.oauth());
        InMemoryAccounts accounts = new InMemoryAccounts();
        InMemoryConversations conversations = new InMemoryConversations();
        try (Gateway gateway = inMemory
                ? Gateway.start(settings, Clock.systemUTC(), db -> new Storage("memory", conversations,
                        (actor, query, page) -> new Page<>(List.of(), page, 0), new InMemoryCheckpoints(conversations),
                        accounts, accounts, new InMemoryProviderCredentials(), new InMemoryEmbeddingVectors(), () -> true,
                        () -> { }))
                : Gateway.start(settings)) {
            String token = gateway.accounts().createUser("bench-" + System.nanoTime(), null).token().secret();
            Client client = new Client(gateway.webSocketUri(), token, options.chunks());
            List<Long> relay = new ArrayList<>();
            List<Long> firstToken = new ArrayList<>();
            for (int round = 0; round < options.warmup() + options.replies(); round++) {
                simulator.script(Reply.text(words(options.chunks())));
                sendTimes.expect(options.chunks());
                long sent = System.nanoTime();
                long[] arrivals = client.exchange("hello " + round);
                if (round >= options.warmup()) {
                    record(relay, firstToken, sendTimes, arrivals, arrivals.length, sent);
                }
            }
            client.close();
            return new Samples(path, relay, firstToken);
        }
    }

    /** A WebSocket client that notes when each text delta of a reply arrives. */
    private static final class Client implements WebSocket.Listener {
        private final HttpClient http = HttpClient.newHttpClient();
        private final WebSocket socket;
        private final int chunks;
        private final StringBuilder partial = new StringBuilder();
        private long[] arrivals;
        private int count;
        private CompletableFuture<long[]> done;

        Client(URI url, String token, int chunks) throws Exception {
            this.chunks = chunks;
            this.socket = http.newWebSocketBuilder().header("Authorization", "Bearer " + token).buildAsync(url, this)
                    .get(10, TimeUnit.SECONDS);
        }

        long[] exchange(String text) throws Exception {
            arrivals = new long[chunks];
            count = 0;
            done = new CompletableFuture<>();
            socket.sendText("{\"type\":\"message:send\",\"text\":\"" + text + "\"}", true).get(10, TimeUnit.SECONDS);
            return done.get(60, TimeUnit.SECONDS);
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            long now = System.nanoTime();
            partial.append(data);
            if (last) {
                String frame = partial.toString();
                partial.setLength(0);
                if (frame.startsWith("{\"type\":\"message:delta\"") && count < arrivals.length) {
                    arrivals[count++] = now;
                } else if (frame.startsWith("{\"type\":\"message:end\"")) {
                    done.complete(Arrays.copyOf(arrivals, count));
                } else if (frame.startsWith("{\"type\":\"error\"") && done != null) {
                    done.completeExceptionally(new IllegalStateException(frame));
                }
            }
            ws.request(1);
            return null;
        }

        void close() {
            socket.abort();
            http.close();
        }
    }

    private static void report(Options options, List<Samples> results) {
        System.out.printf(Locale.ROOT, "%nRelay benchmark: %d replies of %d chunks (%d ms apart) per path after %d warm-up "
                + "replies; streaming flush interval %d ms; %d cores, Java %s%n%n", options.replies(), options.chunks(),
                options.delayMillis(), options.warmup(), options.flushMillis(), Runtime.getRuntime().availableProcessors(),
                Runtime.version());
        System.out.println("| path | chunk relay p50 | p99 | max | time to first token p50 | p99 |");
        System.out.println("|---|---|---|---|---|---|");
        for (Samples s : results) {
            System.out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s | %s |%n", s.path(), ms(s.relay(), 50), ms(s.relay(), 99),
                    ms(s.relay(), 100), ms(s.firstToken(), 50), ms(s.firstToken(), 99));
        }
        Samples memory = results.get(1);
        Samples postgres = results.get(2);
        System.out.printf(Locale.ROOT, "%nPersistence adds %.3f ms at p99 to chunk relay (PostgreSQL vs in-memory storage).%n",
                (percentile(postgres.relay(), 99) - percentile(memory.relay(), 99)) / 1e6);
    }

    private static String ms(List<Long> samples, double percentile) {
        return String.format(Locale.ROOT, "%.3f ms", percentile(samples, percentile) / 1e6);
    }

}
