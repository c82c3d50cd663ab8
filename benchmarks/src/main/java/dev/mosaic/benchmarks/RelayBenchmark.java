package dev.mosaic.benchmarks;

import static dev.mosaic.benchmarks.ChunkSendTimes.carries;
import static dev.mosaic.benchmarks.ChunkSendTimes.percentile;
import static dev.mosaic.benchmarks.ChunkSendTimes.reply;

import dev.mosaic.application.Page;
import dev.mosaic.application.fakes.InMemoryAccounts;
import dev.mosaic.application.fakes.InMemoryArchive;
import dev.mosaic.application.fakes.InMemoryAgents;
import dev.mosaic.application.fakes.InMemoryCheckpoints;
import dev.mosaic.application.fakes.InMemoryConversationMetrics;
import dev.mosaic.application.fakes.InMemoryConversationSummaries;
import dev.mosaic.application.fakes.InMemoryConversations;
import dev.mosaic.application.fakes.InMemoryEmbeddingVectors;
import dev.mosaic.application.fakes.InMemoryMemories;
import dev.mosaic.application.fakes.InMemoryProviderCredentials;
import dev.mosaic.application.fakes.InMemoryRoutingRules;
import dev.mosaic.application.fakes.NoInsightIndexes;
import dev.mosaic.bootstrap.Gateway;
import dev.mosaic.bootstrap.GatewaySettings;
import dev.mosaic.bootstrap.Storage;
import dev.mosaic.simulator.ProviderSimulator;
import dev.mosaic.simulator.RecordedRequest;
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
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * What the gateway adds on top of the provider, for each provider protocol. One JVM runs the
 * provider simulator, the gateway and the client, so a chunk's send time (taken by the simulator
 * just before it writes the chunk) and its arrival time at the client share one clock. For each
 * protocol, these paths take turns, one reply at a time:
 *
 * <ol>
 *   <li>direct: an HTTP client posts the protocol's own request to the simulator and reads the stream itself;
 *   <li>gateway, in-memory storage (Chat Completions only): the whole gateway, with the storage ports held in memory;
 *   <li>gateway, PostgreSQL: the production wiring, every message persisted, the gateway's provider
 *       set to the protocol's vendor with the simulator as its address.
 * </ol>
 *
 * The difference between 2 and 3 is what persistence costs the relay; between 1 and 3, what the
 * gateway as a whole adds. Run with {@code ./mosaic bench [--replies N] [--warmup N] [--chunks N]
 * [--delay-ms N] [--flush-ms N] [--protocols openai-chat,openai-responses,anthropic,ollama]}; what a
 * gateway process costs beyond the provider (time to first token, CPU, memory, throughput) with
 * {@code ./mosaic bench overhead} (see {@link GatewayOverhead}).
 */
public final class RelayBenchmark {

    private static final String KEY = "bench";
    private static final String DIRECT = "direct from the simulator";
    private static final String IN_MEMORY = "gateway, in-memory storage";
    private static final String POSTGRES = "gateway, PostgreSQL";

    /**
     * A provider protocol: the gateway's provider and model that make it speak the protocol, and the
     * request a client sends the simulator to read a reply in it directly.
     *
     * @param body the direct request's body, with {@code %s} for the model
     */
    record Protocol(String id, String name, String path, String provider, String model, String body,
            Map<String, String> headers) {

        /** The gateway's settings (environment variables) that point the provider at the simulator. */
        Map<String, String> settings(ProviderSimulator simulator) {
            Map<String, String> settings = new HashMap<>(switch (provider) {
                case "openai" -> Map.of("OPENAI_API_KEY", KEY, "OPENAI_BASE_URL", simulator.baseUrl().toString(),
                        "OPENAI_MODEL", model);
                case "anthropic" -> Map.of("ANTHROPIC_API_KEY", KEY, "ANTHROPIC_BASE_URL", simulator.rootUrl().toString(),
                        "ANTHROPIC_MODEL", model);
                case "ollama" -> Map.of("OLLAMA_HOST", simulator.rootUrl().toString(), "OLLAMA_MODEL", model);
                default -> throw new IllegalArgumentException(provider);
            });
            settings.put("MOSAIC_PROVIDER", provider);
            return settings;
        }
    }

    private static final Map<String, String> BEARER = Map.of("Authorization", "Bearer " + KEY);
    private static final String MESSAGES = "\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]";

    /** The protocol that is also measured with in-memory storage, to show what persistence adds. */
    static final Protocol CHAT_COMPLETIONS = new Protocol("openai-chat", "OpenAI Chat Completions",
            "/v1/chat/completions", "openai", "gpt-4o-mini", "{\"model\":\"%s\",\"stream\":true," + MESSAGES + "}", BEARER);

    // The OpenAI adapter speaks Responses to gpt-5.x models and Chat Completions to the others.
    private static final List<Protocol> PROTOCOLS = List.of(CHAT_COMPLETIONS,
            new Protocol("openai-responses", "OpenAI Responses", "/v1/responses", "openai", "gpt-5.4",
                    "{\"model\":\"%s\",\"stream\":true,\"input\":\"hello\"}", BEARER),
            new Protocol("anthropic", "Anthropic Messages", "/v1/messages", "anthropic", "claude-sonnet-4-6",
                    "{\"model\":\"%s\",\"max_tokens\":1024,\"stream\":true," + MESSAGES + "}",
                    Map.of("x-api-key", KEY, "anthropic-version", "2023-06-01")),
            new Protocol("ollama", "Ollama chat", "/api/chat", "ollama", "llama3.2",
                    "{\"model\":\"%s\",\"stream\":true," + MESSAGES + "}", Map.of()));

    private record Options(int replies, int warmup, int chunks, int delayMillis, int flushMillis, List<Protocol> protocols) {
        static Options parse(String[] args) {
            Map<String, Integer> values = new HashMap<>(Map.of("--replies", 200, "--warmup", 50, "--chunks", 40,
                    "--delay-ms", 2, "--flush-ms", 1000));
            String usage = "usage: RelayBenchmark" + values.keySet().stream().sorted().map(k -> " [" + k + " N]")
                    .reduce("", String::concat) + " [--protocols " + String.join(",", PROTOCOLS.stream().map(Protocol::id)
                    .toList()) + "]";
            List<Protocol> protocols = PROTOCOLS;
            for (int i = 0; i < args.length; i++) {
                if (i + 1 >= args.length || !values.containsKey(args[i]) && !args[i].equals("--protocols")) {
                    throw new IllegalArgumentException(usage);
                }
                if (args[i].equals("--protocols")) {
                    // In the order given, so that a run can show whether the order matters.
                    protocols = Arrays.stream(args[++i].split(",")).map(id -> PROTOCOLS.stream()
                            .filter(p -> p.id().equals(id)).findFirst()
                            .orElseThrow(() -> new IllegalArgumentException(usage))).toList();
                } else {
                    values.put(args[i], Integer.parseInt(args[++i]));
                }
            }
            return new Options(values.get("--replies"), values.get("--warmup"), values.get("--chunks"),
                    values.get("--delay-ms"), values.get("--flush-ms"), protocols);
        }
    }

    /** Latencies of one path of one protocol, in nanoseconds. */
    private record Samples(Protocol protocol, String path, List<Long> relay, List<Long> firstToken) {
        Samples(Protocol protocol, String path) {
            this(protocol, path, new ArrayList<>(), new ArrayList<>());
        }

        void add(long[] arrivals, ChunkSendTimes sendTimes, int chunks, long sent) {
            if (arrivals.length != chunks) {
                throw new IllegalStateException(protocol.name() + ", " + path + ": expected " + chunks + " chunks, got "
                        + arrivals.length);
            }
            for (int i = 0; i < chunks; i++) {
                relay.add(arrivals[i] - sendTimes.at(i));
            }
            firstToken.add(arrivals[0] - sent);
        }
    }

    /** One way to read a reply; returns when each of its chunks arrived. */
    interface Path extends AutoCloseable {
        long[] read(String question) throws Exception;

        @Override
        void close();
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("overhead")) {
            GatewayOverhead.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        Options options = Options.parse(args);
        ChunkSendTimes sendTimes = new ChunkSendTimes();
        double loadAtStart = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        try (ProviderSimulator simulator = ProviderSimulator.start(SimulatorOptions.defaults()
                .withTokenDelay(Duration.ofMillis(options.delayMillis())).withChunkObserver(sendTimes))) {
            List<Samples> results = new ArrayList<>();
            for (Protocol protocol : options.protocols()) {
                results.addAll(measure(protocol, simulator, sendTimes, options));
            }
            report(options, loadAtStart, results);
        }
    }

    /** The protocol's paths take turns reply by reply, so that the load on a shared machine falls on all of them alike. */
    private static List<Samples> measure(Protocol protocol, ProviderSimulator simulator, ChunkSendTimes sendTimes,
            Options options) throws Exception {
        Map<String, Path> paths = new LinkedHashMap<>();
        try {
            paths.put(DIRECT, new Direct(simulator, protocol, options.chunks()));
            if (protocol == CHAT_COMPLETIONS) {
                paths.put(IN_MEMORY, ThroughGateway.start(protocol, simulator, options, true));
            }
            paths.put(POSTGRES, ThroughGateway.start(protocol, simulator, options, false));
            Map<String, Samples> samples = new LinkedHashMap<>();
            paths.keySet().forEach(path -> samples.put(path, new Samples(protocol, path)));
            simulator.clearRequests();
            for (int round = 0; round < options.warmup() + options.replies(); round++) {
                for (Map.Entry<String, Path> path : paths.entrySet()) {
                    simulator.script(reply(options.chunks()));
                    sendTimes.expect(options.chunks());
                    long sent = System.nanoTime();
                    long[] arrivals = path.getValue().read("hello " + round);
                    if (round >= options.warmup()) {
                        samples.get(path.getKey()).add(arrivals, sendTimes, options.chunks(), sent);
                    }
                }
                if (round == 0) {
                    verifyEndpoint(protocol, simulator, paths.size());
                }
            }
            return List.copyOf(samples.values());
        } finally {
            paths.values().forEach(Path::close);
        }
    }

    /** Fails unless each path's first reply came from the protocol's chat endpoint, for the protocol's model. */
    private static void verifyEndpoint(Protocol protocol, ProviderSimulator simulator, int paths) {
        List<String> chatPaths = PROTOCOLS.stream().map(Protocol::path).toList();
        List<RecordedRequest> chats = simulator.requests().stream()
                .filter(r -> r.method().equals("POST") && chatPaths.contains(r.path())).toList();
        boolean right = chats.size() == paths && chats.stream().allMatch(r -> r.path().equals(protocol.path())
                && r.body() != null && r.body().path("model").asText().equals(protocol.model()));
        if (!right) {
            throw new IllegalStateException(protocol.name() + ": expected " + paths + " requests to POST " + protocol.path()
                    + " for " + protocol.model() + ", the simulator got " + chats.stream()
                    .map(r -> r.path() + " " + (r.body() == null ? "" : r.body().path("model").asText())).toList());
        }
        simulator.clearRequests();
    }

    /** Reads the simulator's stream itself and notes the line that carries each chunk. */
    static final class Direct implements Path {
        private final HttpClient http = HttpClient.newHttpClient();
        private final HttpRequest request;
        private final int chunks;

        Direct(ProviderSimulator simulator, Protocol protocol, int chunks) {
            HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(simulator.rootUrl() + protocol.path()))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(protocol.body().formatted(protocol.model())));
            protocol.headers().forEach(builder::header);
            this.request = builder.build();
            this.chunks = chunks;
        }

        @Override
        public long[] read(String question) throws Exception {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            long[] arrivals = new long[chunks];
            int count = 0;
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                if (response.statusCode() != 200) {
                    throw new IllegalStateException(request.uri() + " answered " + response.statusCode() + ": "
                            + lines.readLine());
                }
                String line;
                while ((line = lines.readLine()) != null) {
                    if (count < chunks && carries(line, count)) {
                        arrivals[count++] = System.nanoTime();
                    }
                }
            }
            return Arrays.copyOf(arrivals, count);
        }

        @Override
        public void close() {
            http.close();
        }
    }

    /** A gateway speaking the protocol to the simulator, and a WebSocket client of it. */
    private record ThroughGateway(Gateway gateway, Client client) implements Path {

        static ThroughGateway start(Protocol protocol, ProviderSimulator simulator, Options options, boolean inMemory)
                throws Exception {
            Map<String, String> env = new HashMap<>(System.getenv());
            // Provider settings of the machine's own would add providers (and health probes) to the gateway.
            env.keySet().removeIf(name -> name.matches("(ANTHROPIC|OPENAI|OPENROUTER|ZAI|OLLAMA)_.*|MOSAIC_PROVIDER"
                    + "|MOSAIC_SIMULATOR_.*"));
            env.putAll(protocol.settings(simulator));
            env.put("MOSAIC_PORT", "0");
            // Background jobs (summaries of earlier runs' idle conversations, archiving) would call the same
            // simulator and spend the CPU this benchmark measures.
            env.put("MOSAIC_JOBS_WORKERS", "false");
            GatewaySettings loaded = GatewaySettings.load(env);
            GatewaySettings settings = new GatewaySettings(loaded.server(), loaded.database(), loaded.redis(),
                    new GatewaySettings.Chat(loaded.chat().provider(), loaded.chat().systemPrompt(),
                            Duration.ofMillis(options.flushMillis()), null),
                    loaded.providers(), loaded.credentials(), loaded.oauth(), loaded.routing(), loaded.jobs(),
                    loaded.memory());
            InMemoryAccounts accounts = new InMemoryAccounts();
            InMemoryConversations conversations = new InMemoryConversations();
            Gateway gateway = inMemory
                    ? Gateway.start(settings, Clock.systemUTC(), db -> new Storage("memory", conversations,
                            (actor, query, page) -> new Page<>(List.of(), page, 0), new InMemoryCheckpoints(conversations),
                            accounts, accounts, new InMemoryProviderCredentials(), new InMemoryEmbeddingVectors(),
                            new InMemoryRoutingRules(), new InMemoryAgents(), new InMemoryConversationMetrics(conversations),
                            event -> { }, new InMemoryConversationSummaries(), new InMemoryMemories(), new InMemoryArchive(),
                            new NoInsightIndexes(), () -> true, List.of(), () -> { }))
                    : Gateway.start(settings);
            try {
                String token = gateway.accounts().createUser("bench-" + System.nanoTime(), null).token().secret();
                return new ThroughGateway(gateway, new Client(gateway.webSocketUri(), token, options.chunks()));
            } catch (Exception e) {
                gateway.close();
                throw e;
            }
        }

        @Override
        public long[] read(String question) throws Exception {
            return client.read(question);
        }

        @Override
        public void close() {
            client.close();
            gateway.close();
        }
    }

    /** A WebSocket client that notes when each text delta of a reply arrives. */
    static final class Client implements WebSocket.Listener, Path {
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

        @Override
        public long[] read(String text) throws Exception {
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

        @Override
        public void close() {
            socket.abort();
            http.close();
        }
    }

    private static void report(Options options, double loadAtStart, List<Samples> results) {
        System.out.printf(Locale.ROOT, "%nRelay benchmark: %d replies of %d chunks (%d ms apart) per protocol and path "
                + "after %d warm-up replies, the paths of a protocol taking turns; streaming flush interval %d ms; %d cores, "
                + "Java %s; load average %.2f at the start, %.2f at the end%n%n", options.replies(), options.chunks(),
                options.delayMillis(), options.warmup(), options.flushMillis(), Runtime.getRuntime().availableProcessors(),
                Runtime.version(), loadAtStart, ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        System.out.println("| protocol | path | chunk relay p50 | p95 | p99 | max | time to first token p50 | p95 | p99 |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        for (Samples s : results) {
            System.out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s | %s |%n", s.protocol().name(), s.path(),
                    ms(s.relay(), 50), ms(s.relay(), 95), ms(s.relay(), 99), ms(s.relay(), 100), ms(s.firstToken(), 50),
                    ms(s.firstToken(), 95), ms(s.firstToken(), 99));
        }
        System.out.printf("%nWhat the gateway (PostgreSQL) adds to the direct path:%n%n");
        System.out.println("| protocol | chunk relay p50 | p95 | p99 | time to first token p50 | p95 |");
        System.out.println("|---|---|---|---|---|---|");
        for (Protocol protocol : options.protocols()) {
            Samples direct = find(results, protocol, DIRECT);
            Samples gateway = find(results, protocol, POSTGRES);
            System.out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s | %s |%n", protocol.name(),
                    added(gateway.relay(), direct.relay(), 50), added(gateway.relay(), direct.relay(), 95),
                    added(gateway.relay(), direct.relay(), 99), added(gateway.firstToken(), direct.firstToken(), 50),
                    added(gateway.firstToken(), direct.firstToken(), 95));
        }
        if (options.protocols().contains(CHAT_COMPLETIONS)) {
            Samples memory = find(results, CHAT_COMPLETIONS, IN_MEMORY);
            Samples postgres = find(results, CHAT_COMPLETIONS, POSTGRES);
            System.out.printf(Locale.ROOT, "%nPersistence adds %s at p99 to chunk relay and %s at p50 to time to first token "
                    + "(%s, PostgreSQL vs in-memory storage).%n", added(postgres.relay(), memory.relay(), 99),
                    added(postgres.firstToken(), memory.firstToken(), 50), CHAT_COMPLETIONS.name());
        }
    }

    private static Samples find(List<Samples> results, Protocol protocol, String path) {
        return results.stream().filter(s -> s.protocol() == protocol && s.path().equals(path)).findFirst().orElseThrow();
    }

    static String ms(List<Long> samples, double percentile) {
        return String.format(Locale.ROOT, "%.3f ms", percentile(samples, percentile) / 1e6);
    }

    static String added(List<Long> through, List<Long> base, double percentile) {
        return String.format(Locale.ROOT, "%+.3f ms", (percentile(through, percentile) - percentile(base, percentile)) / 1e6);
    }
}
