package dev.mosaic.benchmarks;

import static dev.mosaic.benchmarks.ChunkSendTimes.percentile;

import dev.mosaic.bootstrap.Gateway;
import dev.mosaic.bootstrap.GatewaySettings;
import dev.mosaic.simulator.ProviderSimulator;
import dev.mosaic.simulator.SimulatorOptions;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether healthy conversations stay fast while another provider misbehaves. One JVM runs two
 * provider simulators, the gateway (PostgreSQL and Redis, as in production) and the clients, over
 * real WebSockets. OpenAI is the healthy provider; Z.ai, on the second simulator, fails on purpose:
 * HTTP 500s, in-band errors mid-stream, streams cut short without their end, and streams that hang
 * after three chunks. Healthy conversations stream all the time; the faulty ones are pinned to
 * Z.ai with {@code /model} and send only in every other phase, so quiet and faulty phases
 * alternate and the machine's noise falls on both alike. A reply still hanging when its phase ends
 * is aborted by its client, as a person would. Run with {@code ./mosaic bench-faults [--rounds N]
 * [--phase-seconds N] [--healthy N] [--faulty N] [--think-ms N] [--delay-ms N]}.
 */
public final class FaultIsolationBenchmark {

    private static final String KEY = "bench";
    private static final String HEALTHY_MODEL = "gpt-4o-mini";
    private static final String FAULTY_MODEL = "glm-5";
    /**
     * What a faulty conversation asks for, one at random per message: a provider that fails often,
     * not always. Its circuit opens all the same, so most of these are refused before any call; the
     * report counts what each came to.
     */
    private static final List<String> FAULTS = List.of("#sim:error-500", "#sim:midstream-error", "#sim:truncate",
            "#sim:hang", "no fault", "no fault");
    private static final Pattern CONVERSATION = Pattern.compile("\"conversationId\":\"([^\"]+)\"");

    private record Options(int rounds, int phaseSeconds, int healthy, int faulty, int thinkMillis, int delayMillis) {
        static Options parse(String[] args) {
            Map<String, Integer> values = new HashMap<>(Map.of("--rounds", 6, "--phase-seconds", 10, "--healthy", 20,
                    "--faulty", 20, "--think-ms", 1000, "--delay-ms", 5));
            String usage = "usage: FaultIsolationBenchmark" + values.keySet().stream().sorted().map(k -> " [" + k + " N]")
                    .reduce("", String::concat);
            for (int i = 0; i < args.length; i += 2) {
                if (i + 1 >= args.length || !values.containsKey(args[i])) {
                    throw new IllegalArgumentException(usage);
                }
                values.put(args[i], Integer.parseInt(args[i + 1]));
            }
            return new Options(values.get("--rounds"), values.get("--phase-seconds"), values.get("--healthy"),
                    values.get("--faulty"), values.get("--think-ms"), values.get("--delay-ms"));
        }
    }

    private static final com.sun.management.OperatingSystemMXBean PROCESS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    /** What the faulty conversations' messages came to in the faulty phases. */
    private static final Map<String, Integer> FAULTY_OUTCOMES = new ConcurrentHashMap<>();

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        double loadAtStart = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        SimulatorOptions simulation = SimulatorOptions.defaults().withTokenDelay(Duration.ofMillis(options.delayMillis()));
        try (ProviderSimulator healthy = ProviderSimulator.start(simulation);
                ProviderSimulator faulty = ProviderSimulator.start(simulation);
                Gateway gateway = Gateway.start(settings(healthy, faulty))) {
            String run = "faults-" + System.currentTimeMillis() + "-";
            List<Client> healthyClients = new ArrayList<>();
            for (int i = 0; i < options.healthy(); i++) {
                healthyClients.add(new Client(gateway, run + "healthy-" + i));
            }
            List<Client> faultyClients = new ArrayList<>();
            for (int i = 0; i < options.faulty(); i++) {
                Client client = new Client(gateway, run + "faulty-" + i);
                client.pinToFaultyProvider();
                faultyClients.add(client);
            }
            Measured quiet = new Measured();
            Measured withFaults = new Measured();
            // A warm-up round of both phases, not counted.
            phase(options, healthyClients, List.of(), new Measured());
            phase(options, healthyClients, faultyClients, new Measured());
            FAULTY_OUTCOMES.clear();
            for (int round = 0; round < options.rounds(); round++) {
                phase(options, healthyClients, List.of(), quiet);
                phase(options, healthyClients, faultyClients, withFaults);
            }
            healthyClients.forEach(Client::close);
            faultyClients.forEach(Client::close);
            report(options, loadAtStart, quiet, withFaults);
        }
    }

    /** The gateway's settings: OpenAI on the healthy simulator, Z.ai on the faulty one, nothing else. */
    private static GatewaySettings settings(ProviderSimulator healthy, ProviderSimulator faulty) {
        Map<String, String> env = new HashMap<>(System.getenv());
        // Provider settings of the machine's own would add providers (and health probes) to the gateway.
        env.keySet().removeIf(name -> name.matches("(ANTHROPIC|OPENAI|OPENROUTER|ZAI|OLLAMA)_.*|MOSAIC_PROVIDER"
                + "|MOSAIC_SIMULATOR_.*"));
        env.put("MOSAIC_DB_URL", env.getOrDefault("MOSAIC_BENCH_DB_URL", "jdbc:postgresql://127.0.0.1:5432/mosaic_bench"));
        env.put("MOSAIC_PORT", "0");
        // Background jobs (summaries of earlier runs' idle conversations, archiving) would call the same
        // simulator and spend the CPU this benchmark measures.
        env.put("MOSAIC_JOBS_WORKERS", "false");
        env.putAll(Map.of("OPENAI_API_KEY", KEY, "OPENAI_BASE_URL", healthy.baseUrl().toString(), "OPENAI_MODEL",
                HEALTHY_MODEL, "ZAI_API_KEY", KEY, "ZAI_BASE_URL", faulty.baseUrl().toString(), "ZAI_MODEL", FAULTY_MODEL,
                // Every conversation starts on OpenAI; a failing Z.ai reply has nowhere else to go, so the
                // faulty conversations never add healthy traffic.
                "MOSAIC_PROVIDER", "openai", "MOSAIC_ROUTING_DEFAULT_CHAIN", "zai/" + FAULTY_MODEL,
                "MOSAIC_MIDSTREAM_FAILOVER", "stop"));
        return GatewaySettings.load(env);
    }

    /** The healthy replies' time to first token in one kind of phase, and the CPU this process used meanwhile. */
    private static final class Measured {
        final List<Long> firstToken = Collections.synchronizedList(new ArrayList<>());
        long cpuNanos;
        long wallNanos;

        /** This process's CPU time (gateway, simulators and clients) as a share of all the machine's cores. */
        double cpuShare() {
            return 100.0 * cpuNanos / wallNanos / Runtime.getRuntime().availableProcessors();
        }
    }

    /** Runs the healthy (and faulty) clients for one phase and adds what it measured to {@code into}. */
    private static void phase(Options options, List<Client> healthy, List<Client> faulty, Measured into)
            throws InterruptedException {
        long cpuBefore = PROCESS.getProcessCpuTime();
        long started = System.nanoTime();
        long end = started + TimeUnit.SECONDS.toNanos(options.phaseSeconds());
        List<Long> samples = into.firstToken;
        List<Thread> threads = new ArrayList<>();
        for (Client client : healthy) {
            threads.add(Thread.ofVirtual().start(() -> loop(options, end, () -> {
                Exchange done = client.exchange("hello, how are you today?", end, true);
                if (done.firstToken() > 0 && done.outcome().equals("complete")) {
                    samples.add(done.firstToken());
                }
            })));
        }
        for (Client client : faulty) {
            threads.add(Thread.ofVirtual().start(() -> loop(options, end, () -> {
                String fault = FAULTS.get(ThreadLocalRandom.current().nextInt(FAULTS.size()));
                Exchange done = client.exchange("please fail " + fault, end, false);
                FAULTY_OUTCOMES.merge(fault + " → " + done.outcome(), 1, Integer::sum);
            })));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        into.cpuNanos += PROCESS.getProcessCpuTime() - cpuBefore;
        into.wallNanos += System.nanoTime() - started;
    }

    private interface Step {
        void run() throws Exception;
    }

    private static void loop(Options options, long end, Step step) {
        try {
            while (System.nanoTime() < end) {
                step.run();
                // Each conversation pauses between messages, with some jitter so the clients do not move in lockstep.
                Thread.sleep(options.thinkMillis() / 2 + ThreadLocalRandom.current().nextInt(options.thinkMillis() + 1));
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * @param firstToken nanoseconds from sending to the first delta, 0 when none came
     * @param outcome {@code complete}, {@code partial: <code>}, {@code rejected: <code>} or {@code aborted}
     */
    private record Exchange(long firstToken, String outcome) {}

    /** One user's WebSocket; one message at a time. */
    private static final class Client implements WebSocket.Listener {
        private static final Pattern CODE = Pattern.compile("\"code\":\"([^\"]+)\"");
        private static final Pattern STATUS = Pattern.compile("\"status\":\"([^\"]+)\"");

        private final HttpClient http = HttpClient.newHttpClient();
        private final WebSocket socket;
        private final StringBuilder partial = new StringBuilder();
        private final AtomicBoolean firstDelta = new AtomicBoolean();
        private volatile long firstTokenAt;
        private volatile CompletableFuture<String> done = new CompletableFuture<>();
        private volatile CompletableFuture<String> commandDone = new CompletableFuture<>();
        private volatile String conversationId;

        Client(Gateway gateway, String user) throws Exception {
            String token = gateway.accounts().createUser(user, null).token().secret();
            this.socket = http.newWebSocketBuilder().header("Authorization", "Bearer " + token)
                    .buildAsync(gateway.webSocketUri(), this).get(10, TimeUnit.SECONDS);
        }

        /** Starts a conversation (on the healthy provider) and pins it to the faulty one. */
        void pinToFaultyProvider() throws Exception {
            Exchange first = exchange("hello", System.nanoTime() + TimeUnit.SECONDS.toNanos(30), true);
            if (!first.outcome().equals("complete")) {
                throw new IllegalStateException("the conversation could not start: " + first.outcome());
            }
            commandDone = new CompletableFuture<>();
            socket.sendText("{\"type\":\"command:execute\",\"command\":\"/model zai/" + FAULTY_MODEL
                    + "\",\"conversationId\":\"" + conversationId + "\"}", true).get(10, TimeUnit.SECONDS);
            String result = commandDone.get(30, TimeUnit.SECONDS);
            if (!result.contains(FAULTY_MODEL) || result.startsWith("{\"type\":\"error\"")) {
                throw new IllegalStateException("could not pin the conversation to zai/" + FAULTY_MODEL + ": " + result);
            }
        }

        /**
         * Sends a message and waits for its end, or until {@code deadline}, then aborts it.
         *
         * @param fresh true to start a new conversation, false to go on in this client's one
         */
        Exchange exchange(String text, long deadline, boolean fresh) throws Exception {
            firstDelta.set(false);
            firstTokenAt = 0;
            done = new CompletableFuture<>();
            long sent = System.nanoTime();
            socket.sendText("{\"type\":\"message:send\",\"text\":\"" + text + "\""
                    + (fresh ? "" : ",\"conversationId\":\"" + conversationId + "\"") + "}", true).get(10, TimeUnit.SECONDS);
            String outcome;
            try {
                outcome = done.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException stillRunning) {
                socket.sendText("{\"type\":\"message:abort\",\"conversationId\":\"" + conversationId + "\"}", true)
                        .get(10, TimeUnit.SECONDS);
                outcome = done.get(30, TimeUnit.SECONDS);
            }
            return new Exchange(firstTokenAt == 0 ? 0 : firstTokenAt - sent, outcome);
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                received(partial.toString(), System.nanoTime());
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }

        private void received(String frame, long at) {
            if (frame.startsWith("{\"type\":\"message:delta\"")) {
                if (firstDelta.compareAndSet(false, true)) {
                    firstTokenAt = at;
                }
            } else if (frame.startsWith("{\"type\":\"session:info\"")) {
                Matcher id = CONVERSATION.matcher(frame);
                if (id.find()) {
                    conversationId = id.group(1);
                }
            } else if (frame.startsWith("{\"type\":\"message:end\"")) {
                done.complete(outcome(frame));
            } else if (frame.startsWith("{\"type\":\"command:result\"")) {
                commandDone.complete(frame);
            } else if (frame.startsWith("{\"type\":\"error\"")) {
                commandDone.complete(frame);
                done.complete("rejected: " + group(CODE, frame));
            }
        }

        private static String outcome(String end) {
            if (end.contains("\"stopReason\":\"aborted\"")) {
                return "aborted";
            }
            String status = group(STATUS, end);
            return status.equals("complete") ? status : status + ": " + group(CODE, end);
        }

        private static String group(Pattern pattern, String frame) {
            Matcher m = pattern.matcher(frame);
            return m.find() ? m.group(1) : "?";
        }

        void close() {
            socket.abort();
            http.close();
        }
    }

    private static void report(Options options, double loadAtStart, Measured quiet, Measured withFaults) {
        System.out.printf(Locale.ROOT, "%nFault isolation: %d healthy conversations streaming all the time, %d faulty ones "
                + "(one of %s at random per message) in every other phase; %d rounds of a quiet and a faulty phase of %d s each after a warm-up round; "
                + "%d ms between chunks, %d ms (±50%%) between messages; %d cores, Java %s; load average %.2f at the start, "
                + "%.2f at the end%n%n", options.healthy(), options.faulty(), String.join(", ", FAULTS.stream().distinct().toList()), options.rounds(),
                options.phaseSeconds(), options.delayMillis(), options.thinkMillis(),
                Runtime.getRuntime().availableProcessors(), Runtime.version(), loadAtStart,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        System.out.println("| healthy time to first token | replies | p50 | p90 | p99 | this process's CPU |");
        System.out.println("|---|---|---|---|---|---|");
        row("healthy traffic alone", quiet);
        row("with the faulty traffic", withFaults);
        System.out.printf(Locale.ROOT, "%nWith the faulty traffic, healthy p50 moves by %+.1f%%, p99 by %+.1f%%.%n",
                change(quiet.firstToken, withFaults.firstToken, 50), change(quiet.firstToken, withFaults.firstToken, 99));
        System.out.printf("%nFaulty messages by fault and outcome:%n%n");
        FAULTY_OUTCOMES.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> System.out.printf(Locale.ROOT, "- %s: %d%n", e.getKey(), e.getValue()));
    }

    private static void row(String name, Measured measured) {
        List<Long> samples = measured.firstToken;
        System.out.printf(Locale.ROOT, "| %s | %d | %.2f ms | %.2f ms | %.2f ms | %.0f%% |%n", name, samples.size(),
                percentile(samples, 50) / 1e6, percentile(samples, 90) / 1e6, percentile(samples, 99) / 1e6,
                measured.cpuShare());
    }

    private static double change(List<Long> base, List<Long> other, double percentile) {
        return 100.0 * (percentile(other, percentile) - percentile(base, percentile)) / percentile(base, percentile);
    }
}
