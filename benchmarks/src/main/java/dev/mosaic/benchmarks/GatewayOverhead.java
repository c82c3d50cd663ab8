package dev.mosaic.benchmarks;

import static dev.mosaic.benchmarks.ChunkSendTimes.reply;
import static dev.mosaic.benchmarks.RelayBenchmark.added;
import static dev.mosaic.benchmarks.RelayBenchmark.ms;

import dev.mosaic.adapters.out.postgres.PostgresDatabase;
import dev.mosaic.application.fakes.LocalOwnerChanges;
import dev.mosaic.application.service.AccountService;
import dev.mosaic.domain.user.UserRole;
import dev.mosaic.simulator.ProviderSimulator;
import dev.mosaic.simulator.SimulatorOptions;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a gateway process adds to the provider, measured from the outside: the gateway runs as a
 * process of its own, with the JVM options of {@code ./mosaic gateway}, against the benchmark
 * database and Redis, and speaks OpenAI Chat Completions to a simulator in this JVM. Every
 * scenario runs the direct path (an HTTP client reading the simulator) side by side with each
 * gateway, round by round, so that a shared machine's load falls on all of them alike. With
 * {@code --baseline-classpath}, a second gateway (another build, say the previous commit's) runs
 * next to the first, and every number is reported for both.
 *
 * <ul>
 *   <li>time to first token added, p50 and p99, at 1 and 10 concurrent streams with an upstream
 *       whose first token takes {@code --first-token-ms} (50), and at 1 stream with an instant one;
 *   <li>CPU per reply, the gateway's and PostgreSQL's (the backends connected to the benchmark
 *       database), from {@code /proc}, over {@code --cpu-replies} replies of 50 chunks;
 *   <li>replies per second and first-token p99 with 50 streams in flight (20 chunks, no delay);
 *   <li>resident memory while 100 streams run, and CPU per minute when idle afterwards.
 * </ul>
 *
 * Run with {@code ./mosaic bench overhead [--port N] [--simulator-port N] [--db-url URL]
 * [--redis-url URL] [--jvm "OPTIONS"] [--baseline-classpath CP] [--baseline-jvm "OPTIONS"]
 * [--ttft-rounds N] [--cpu-replies N] [--throughput-seconds N] [--rss-seconds N] [--idle-seconds N]}.
 */
final class GatewayOverhead {

    /** The options {@code ./mosaic} starts the gateway with. */
    static final String GATEWAY_JVM = "-XX:+UseG1GC -Xmx512m -XX:MaxMetaspaceSize=128m -XX:ReservedCodeCacheSize=64m";
    private static final String DIRECT = "direct";

    private record Options(int port, int simulatorPort, String dbUrl, String redisUrl, String jvm, String baselineClasspath,
            String baselineJvm, int ttftRounds, int cpuReplies, int throughputSeconds, int rssSeconds, int idleSeconds) {

        static Options parse(String[] args, Map<String, String> env) {
            Map<String, String> values = new LinkedHashMap<>();
            values.put("--port", "18080");
            values.put("--simulator-port", "0");
            values.put("--db-url", env.getOrDefault("MOSAIC_BENCH_DB_URL", "jdbc:postgresql://127.0.0.1:5432/mosaic_bench"));
            values.put("--redis-url", "redis://127.0.0.1:6379/5");
            values.put("--jvm", GATEWAY_JVM);
            values.put("--baseline-classpath", "");
            values.put("--baseline-jvm", GATEWAY_JVM);
            values.put("--ttft-rounds", "200");
            values.put("--cpu-replies", "1000");
            values.put("--throughput-seconds", "20");
            values.put("--rss-seconds", "30");
            values.put("--idle-seconds", "60");
            for (int i = 0; i < args.length; i += 2) {
                if (!values.containsKey(args[i]) || i + 1 >= args.length) {
                    throw new IllegalArgumentException("usage: RelayBenchmark overhead" + values.keySet().stream()
                            .map(k -> " [" + k + " …]").reduce("", String::concat));
                }
                values.put(args[i], args[i + 1]);
            }
            return new Options(Integer.parseInt(values.get("--port")), Integer.parseInt(values.get("--simulator-port")),
                    values.get("--db-url"), values.get("--redis-url"), values.get("--jvm"),
                    values.get("--baseline-classpath"), values.get("--baseline-jvm"),
                    Integer.parseInt(values.get("--ttft-rounds")), Integer.parseInt(values.get("--cpu-replies")),
                    Integer.parseInt(values.get("--throughput-seconds")), Integer.parseInt(values.get("--rss-seconds")),
                    Integer.parseInt(values.get("--idle-seconds")));
        }
    }

    private GatewayOverhead() {
    }

    static void main(String[] args) throws Exception {
        Map<String, String> env = System.getenv();
        Options options = Options.parse(args, env);
        double loadAtStart = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        List<String> out = new ArrayList<>();
        try (ProviderSimulator simulator = ProviderSimulator.start(SimulatorOptions.defaults()
                .withPort(options.simulatorPort()).withTokenDelay(Duration.ZERO))) {
            String token = newUser(options.dbUrl(), env);
            List<GatewayProcess> gateways = new ArrayList<>();
            try {
                gateways.add(GatewayProcess.start("gateway", System.getProperty("java.class.path"), options.jvm(),
                        options.port(), "bench-gw", simulator, options.dbUrl(), options.redisUrl(), env));
                if (!options.baselineClasspath().isBlank()) {
                    gateways.add(GatewayProcess.start("baseline", options.baselineClasspath(), options.baselineJvm(),
                            options.port() + 1, "bench-baseline", simulator, options.dbUrl(), options.redisUrl(), env));
                }
                run(options, simulator, token, gateways, out);
            } finally {
                gateways.forEach(GatewayProcess::close);
            }
        }
        System.out.printf(Locale.ROOT, "%nGateway overhead: %d cores, Java %s; load average %.2f at the start, %.2f at "
                + "the end%n%n", Runtime.getRuntime().availableProcessors(), Runtime.version(), loadAtStart,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        out.forEach(System.out::println);
    }

    /** A new user of the benchmark database, and its token. */
    static String newUser(String dbUrl, Map<String, String> env) {
        Map<String, String> withUrl = new HashMap<>(env);
        withUrl.put("MOSAIC_BENCH_DB_URL", dbUrl);
        try (PostgresDatabase database = BenchDatabase.from(withUrl, 1).start()) {
            // Only creates a user, which no gateway has cached: nothing to announce.
            return new AccountService(database.users(), database.apiTokens(), new LocalOwnerChanges(), Clock.systemUTC())
                    .createUser("bench-" + System.nanoTime(), null, UserRole.USER).token().secret();
        }
    }

    private static void run(Options options, ProviderSimulator simulator, String token, List<GatewayProcess> gateways,
            List<String> out) throws Exception {
        // Warm-up: enough replies for the JIT to compile the relay path of every process.
        measureFirstTokens(simulator, token, gateways, 1, 300, 20, Duration.ZERO);

        out.add("Time to first token added by the gateway (its p50 minus the direct path's p50; p99 likewise):");
        out.add("");
        out.add("| upstream's first token | streams | path | first token p50 | p99 | added p50 | added p99 |");
        out.add("|---|---|---|---|---|---|---|");
        int slow = 50;
        for (int[] scenario : new int[][] {{slow, 1}, {slow, 10}, {0, 1}}) {
            Map<String, List<Long>> ttft = measureFirstTokens(simulator, token, gateways, scenario[1],
                    options.ttftRounds(), 2, Duration.ofMillis(scenario[0]));
            List<Long> direct = ttft.get(DIRECT);
            ttft.forEach((path, samples) -> out.add(String.format(Locale.ROOT, "| %d ms | %d | %s | %s | %s | %s | %s |",
                    scenario[0], scenario[1], path, ms(samples, 50), ms(samples, 99),
                    path.equals(DIRECT) ? "" : added(samples, direct, 50),
                    path.equals(DIRECT) ? "" : added(samples, direct, 99))));
        }

        out.add("");
        out.add("CPU per reply of 50 chunks (no delay, 10 streams), from /proc; PostgreSQL is every backend connected "
                + "to the benchmark database:");
        out.add("");
        out.add("| path | replies | gateway CPU per reply | PostgreSQL CPU per reply |");
        out.add("|---|---|---|---|");
        String database = URI.create(options.dbUrl().substring("jdbc:".length())).getPath().substring(1);
        for (GatewayProcess gateway : gateways) {
            Map<Long, Long> pgBefore = ProcStat.postgresBackends(database);
            long cpuBefore = ProcStat.cpuTicks(gateway.pid());
            int replies = runReplies(simulator, gateway.clients(token, 50, 10), options.cpuReplies(), 50);
            long cpu = ProcStat.cpuTicks(gateway.pid()) - cpuBefore;
            long pg = ProcStat.delta(pgBefore, ProcStat.postgresBackends(database));
            out.add(String.format(Locale.ROOT, "| %s | %d | %.2f ms | %.2f ms |", gateway.label(), replies,
                    ProcStat.ticksToMillis(cpu) / replies, ProcStat.ticksToMillis(pg) / replies));
        }

        out.add("");
        out.add("Throughput with 50 streams in flight, replies of 20 chunks without delay, for "
                + options.throughputSeconds() + " s after 3 s of warm-up:");
        out.add("");
        out.add("| path | replies/s | first token p50 | p99 |");
        out.add("|---|---|---|---|");
        List<Path0> paths = new ArrayList<>();
        paths.add(new Path0(DIRECT, () -> directs(simulator, 20, 50)));
        for (GatewayProcess gateway : gateways) {
            paths.add(new Path0(gateway.label(), () -> gateway.clients(token, 20, 50)));
        }
        for (Path0 path : paths) {
            List<RelayBenchmark.Path> streams = path.streams().call();
            Throughput result = throughput(simulator, streams, 20, options.throughputSeconds());
            streams.forEach(RelayBenchmark.Path::close);
            out.add(String.format(Locale.ROOT, "| %s | %.0f | %s | %s |", path.label(), result.perSecond(),
                    ms(result.firstTokens(), 50), ms(result.firstTokens(), 99)));
        }

        out.add("");
        out.add("Resident memory with 100 streams running (replies of 200 chunks, 10 ms apart) for " + options.rssSeconds()
                + " s, then CPU while idle for " + options.idleSeconds() + " s (after 10 s of rest):");
        out.add("");
        out.add("| gateway | JVM options | RSS before | RSS max under load | RSS at the end of the load | idle CPU per minute "
                + "| RSS idle |");
        out.add("|---|---|---|---|---|---|---|");
        Map<GatewayProcess, long[]> rss = new LinkedHashMap<>();
        for (GatewayProcess gateway : gateways) {
            long before = ProcStat.rssKb(gateway.pid());
            long[] underLoad = loadForRss(simulator, gateway, token, options.rssSeconds());
            rss.put(gateway, new long[] {before, underLoad[0], underLoad[1]});
        }
        Thread.sleep(10_000);
        Map<GatewayProcess, Long> idleBefore = new HashMap<>();
        gateways.forEach(g -> idleBefore.put(g, ProcStat.cpuTicks(g.pid())));
        Thread.sleep(options.idleSeconds() * 1000L);
        for (GatewayProcess gateway : gateways) {
            long ticks = ProcStat.cpuTicks(gateway.pid()) - idleBefore.get(gateway);
            long[] r = rss.get(gateway);
            out.add(String.format(Locale.ROOT, "| %s | `%s` | %d MB | %d MB | %d MB | %.2f s | %d MB |", gateway.label(),
                    gateway.jvm(), r[0] / 1024, r[1] / 1024, r[2] / 1024,
                    ProcStat.ticksToMillis(ticks) / 1000 * 60 / options.idleSeconds(), ProcStat.rssKb(gateway.pid()) / 1024));
        }
    }

    private record Path0(String label, Callable<List<RelayBenchmark.Path>> streams) {}

    private record Throughput(double perSecond, List<Long> firstTokens) {}

    private static List<RelayBenchmark.Path> directs(ProviderSimulator simulator, int chunks, int count) {
        List<RelayBenchmark.Path> paths = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            paths.add(new RelayBenchmark.Direct(simulator, RelayBenchmark.CHAT_COMPLETIONS, chunks));
        }
        return paths;
    }

    /**
     * Rounds of {@code streams} concurrent replies on each path in turn: the direct one, then each gateway.
     *
     * @return the time to first token of every reply after the first tenth of the rounds, per path
     */
    private static Map<String, List<Long>> measureFirstTokens(ProviderSimulator simulator, String token,
            List<GatewayProcess> gateways, int streams, int rounds, int chunks, Duration firstToken) throws Exception {
        Map<String, List<RelayBenchmark.Path>> paths = new LinkedHashMap<>();
        paths.put(DIRECT, directs(simulator, chunks, streams));
        for (GatewayProcess gateway : gateways) {
            paths.put(gateway.label(), gateway.clients(token, chunks, streams));
        }
        Map<String, List<Long>> samples = new LinkedHashMap<>();
        paths.keySet().forEach(path -> samples.put(path, Collections.synchronizedList(new ArrayList<>())));
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int round = 0; round < rounds; round++) {
                boolean counted = round >= rounds / 10;
                for (Map.Entry<String, List<RelayBenchmark.Path>> path : paths.entrySet()) {
                    List<Future<Long>> replies = new ArrayList<>();
                    for (RelayBenchmark.Path stream : path.getValue()) {
                        simulator.script(reply(chunks).withTokenDelay(firstToken));
                        replies.add(pool.submit(() -> {
                            long sent = System.nanoTime();
                            return stream.read("hello")[0] - sent;
                        }));
                    }
                    for (Future<Long> reply : replies) {
                        long ttft = reply.get();
                        if (counted) {
                            samples.get(path.getKey()).add(ttft);
                        }
                    }
                }
            }
        } finally {
            paths.values().forEach(list -> list.forEach(RelayBenchmark.Path::close));
        }
        return samples;
    }

    /** {@code replies} replies over the given streams, as fast as they go. @return how many were read */
    private static int runReplies(ProviderSimulator simulator, List<RelayBenchmark.Path> streams, int replies, int chunks)
            throws Exception {
        AtomicLong left = new AtomicLong(replies);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Integer>> workers = new ArrayList<>();
            for (RelayBenchmark.Path stream : streams) {
                workers.add(pool.submit(() -> {
                    int done = 0;
                    while (left.getAndDecrement() > 0) {
                        simulator.script(reply(chunks).withTokenDelay(Duration.ZERO));
                        stream.read("hello");
                        done++;
                    }
                    return done;
                }));
            }
            int done = 0;
            for (Future<Integer> worker : workers) {
                done += worker.get();
            }
            return done;
        } finally {
            streams.forEach(RelayBenchmark.Path::close);
        }
    }

    private static Throughput throughput(ProviderSimulator simulator, List<RelayBenchmark.Path> streams, int chunks,
            int seconds) throws Exception {
        long start = System.nanoTime();
        long from = start + Duration.ofSeconds(3).toNanos();
        long until = from + Duration.ofSeconds(seconds).toNanos();
        List<Long> firstTokens = Collections.synchronizedList(new ArrayList<>());
        AtomicLong completed = new AtomicLong();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> workers = new ArrayList<>();
            for (RelayBenchmark.Path stream : streams) {
                workers.add(pool.submit(() -> {
                    while (System.nanoTime() < until) {
                        simulator.script(reply(chunks).withTokenDelay(Duration.ZERO));
                        long sent = System.nanoTime();
                        long[] arrivals = stream.read("hello");
                        long ended = System.nanoTime();
                        if (sent >= from && ended <= until) {
                            firstTokens.add(arrivals[0] - sent);
                            completed.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
        }
        return new Throughput(completed.get() / (double) seconds, firstTokens);
    }

    /** @return the largest resident set seen while 100 streams ran, and the last, in kB */
    private static long[] loadForRss(ProviderSimulator simulator, GatewayProcess gateway, String token, int seconds)
            throws Exception {
        List<RelayBenchmark.Path> streams = gateway.clients(token, 200, 100);
        long until = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        long max = 0;
        long last = 0;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> workers = new ArrayList<>();
            for (RelayBenchmark.Path stream : streams) {
                workers.add(pool.submit(() -> {
                    while (System.nanoTime() < until) {
                        simulator.script(reply(200).withTokenDelay(Duration.ofMillis(10)));
                        stream.read("hello");
                    }
                    return null;
                }));
            }
            while (System.nanoTime() < until) {
                Thread.sleep(1000);
                last = ProcStat.rssKb(gateway.pid());
                max = Math.max(max, last);
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
        } finally {
            streams.forEach(RelayBenchmark.Path::close);
        }
        return new long[] {max, last};
    }

    /** A gateway in a process of its own, answered by the simulator over Chat Completions. */
    record GatewayProcess(String label, String jvm, Process process, int port, Path log) implements AutoCloseable {

        static GatewayProcess start(String label, String classpath, String jvm, int port, String redisPrefix,
                ProviderSimulator simulator, String dbUrl, String redisUrl, Map<String, String> env) throws Exception {
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(List.of("--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"));
            command.addAll(Arrays.stream(jvm.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList());
            command.addAll(List.of("-cp", classpath, "dev.mosaic.bootstrap.Main", "serve"));
            ProcessBuilder builder = new ProcessBuilder(command);
            Map<String, String> settings = builder.environment();
            settings.clear();
            settings.putAll(env);
            // Provider settings of the machine's own would add providers (and health probes) to the gateway.
            settings.keySet().removeIf(name -> name.matches("(ANTHROPIC|OPENAI|OPENROUTER|ZAI|OLLAMA)_.*|MOSAIC_.*"));
            settings.putAll(RelayBenchmark.CHAT_COMPLETIONS.settings(simulator));
            settings.put("MOSAIC_PORT", Integer.toString(port));
            // Background jobs (summaries of earlier runs' idle conversations, archiving) would call the same
            // simulator and spend the CPU this benchmark measures.
            settings.put("MOSAIC_JOBS_WORKERS", "false");
            settings.put("MOSAIC_DB_URL", dbUrl);
            settings.put("MOSAIC_REDIS_URL", redisUrl);
            settings.put("MOSAIC_REDIS_PREFIX", redisPrefix);
            copy(env, settings, "MOSAIC_DB_USER", "MOSAIC_DB_PASSWORD", "MOSAIC_DB_OWNER_USER", "MOSAIC_DB_OWNER_PASSWORD",
                    "MOSAIC_MASTER_KEY", "MOSAIC_MASTER_KEY_FILE");
            Path log = Files.createTempFile("mosaic-bench-" + label, ".log");
            builder.redirectErrorStream(true).redirectOutput(log.toFile());
            GatewayProcess gateway = new GatewayProcess(label, jvm, builder.start(), port, log);
            try {
                gateway.awaitReady();
            } catch (Exception e) {
                gateway.close();
                throw e;
            }
            return gateway;
        }

        private static void copy(Map<String, String> from, Map<String, String> to, String... names) {
            for (String name : names) {
                if (from.containsKey(name)) {
                    to.put(name, from.get(name));
                }
            }
        }

        private void awaitReady() throws Exception {
            try (HttpClient http = HttpClient.newHttpClient()) {
                HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready")).build();
                long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
                while (System.nanoTime() < deadline) {
                    if (!process.isAlive()) {
                        throw new IllegalStateException(label + " gateway stopped: " + Files.readString(log));
                    }
                    try {
                        if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                            return;
                        }
                    } catch (IOException notYet) {
                        // not listening yet
                    }
                    Thread.sleep(200);
                }
            }
            throw new IllegalStateException(label + " gateway did not become ready; see " + log);
        }

        long pid() {
            return process.pid();
        }

        List<RelayBenchmark.Path> clients(String token, int chunks, int count) throws Exception {
            URI url = URI.create("ws://127.0.0.1:" + port + "/v1/ws");
            List<RelayBenchmark.Path> clients = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                clients.add(new RelayBenchmark.Client(url, token, chunks));
            }
            return clients;
        }

        @Override
        public void close() {
            process.destroy();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** CPU time and resident memory of processes, from {@code /proc}. */
    static final class ProcStat {
        private static final long TICKS_PER_SECOND = 100;

        private ProcStat() {
        }

        /** User and system time of a process, in clock ticks. */
        static long cpuTicks(long pid) {
            try {
                String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
                // The command name may hold spaces; the fields after it are fixed.
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            } catch (IOException e) {
                return 0; // the process has ended
            }
        }

        static long rssKb(long pid) {
            try {
                return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                        .filter(line -> line.startsWith("VmRSS:")).mapToLong(line -> Long.parseLong(
                                line.replaceAll("\\D", ""))).findFirst().orElse(0);
            } catch (IOException e) {
                return 0;
            }
        }

        /** CPU ticks of every PostgreSQL backend connected to the database, by process id. */
        static Map<Long, Long> postgresBackends(String database) throws IOException {
            Map<Long, Long> ticks = new HashMap<>();
            try (var entries = Files.list(Path.of("/proc"))) {
                for (Path entry : entries.toList()) {
                    String name = entry.getFileName().toString();
                    if (!name.chars().allMatch(Character::isDigit)) {
                        continue;
                    }
                    try {
                        // A backend's title: "postgres: [CLUSTER: ]USER DATABASE HOST(PORT) STATE".
                        String title = new String(Files.readAllBytes(entry.resolve("cmdline"))).replace('\0', ' ');
                        String[] words = title.split(" ");
                        int user = words.length > 1 && words[1].endsWith(":") ? 2 : 1;
                        if (words.length > user + 1 && words[0].equals("postgres:") && words[user + 1].equals(database)) {
                            ticks.put(Long.parseLong(name), cpuTicks(Long.parseLong(name)));
                        }
                    } catch (IOException gone) {
                        // ended while listed, or not ours to read
                    }
                }
            }
            return ticks;
        }

        /** What the backends used between two readings; one that started in between counts from zero. */
        static long delta(Map<Long, Long> before, Map<Long, Long> after) {
            long sum = 0;
            for (Map.Entry<Long, Long> backend : after.entrySet()) {
                sum += backend.getValue() - before.getOrDefault(backend.getKey(), 0L);
            }
            return sum;
        }

        static double ticksToMillis(long ticks) {
            return ticks * 1000.0 / TICKS_PER_SECOND;
        }
    }
}
