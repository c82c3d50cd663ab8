package dev.mosaic.benchmarks;

import dev.mosaic.adapters.out.postgres.PostgresDatabase;
import dev.mosaic.application.Page;
import dev.mosaic.application.PageRequest;
import dev.mosaic.application.port.out.MessageSearch;
import dev.mosaic.application.view.SearchHit;
import dev.mosaic.application.view.SearchQuery;
import dev.mosaic.domain.user.UserId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.stream.IntStream;

/**
 * How long one user's full-text search takes through the real adapter
 * ({@link PostgresDatabase#messageSearch()}: the user's transaction, the page of ranked hits with
 * snippets, and the count), on the data set {@link SearchDataGenerator} makes. One search at a
 * time, for a random sample of users, six kinds of query each; the first page of 20 hits, the REST
 * API's default. Prints a Markdown table of latency percentiles per kind of query.
 *
 * <p>{@code --user NAME} measures that one user instead of a sample, e.g. one with a long history.
 *
 * <p>{@code SearchBenchmark [--users N] [--rounds N] [--warmup N] [--seed N] [--user NAME]}
 */
public final class SearchBenchmark {
    /** The target for one user's search. */
    private static final double TARGET_P95_MILLIS = 20;
    private static final PageRequest FIRST_PAGE = new PageRequest(1, 20);

    /** @param user the one user to measure, or null for a sample of {@code users} */
    private record Options(int users, int rounds, int warmup, long seed, String user) {
        static Options parse(String[] args) {
            Map<String, Integer> values = new HashMap<>(Map.of("--users", 200, "--rounds", 3, "--warmup", 300, "--seed", 7));
            String user = null;
            for (int i = 0; i < args.length; i++) {
                if (i + 1 >= args.length || !(values.containsKey(args[i]) || args[i].equals("--user"))) {
                    throw new IllegalArgumentException(
                            "usage: SearchBenchmark [--users N] [--rounds N] [--warmup N] [--seed N] [--user NAME]");
                }
                if (args[i].equals("--user")) {
                    user = args[++i];
                } else {
                    values.put(args[i], Integer.parseInt(args[++i]));
                }
            }
            return new Options(values.get("--users"), values.get("--rounds"), values.get("--warmup"), values.get("--seed"),
                    user);
        }
    }

    /** A kind of query and the variants of it that are asked in turn, so no single term dominates. */
    private record Kind(String name, List<String> queries) {}

    private static final List<Kind> KINDS = List.of(
            new Kind("common word", SearchCorpus.NOUNS.subList(0, 5)),
            new Kind("rare word", SearchCorpus.NOUNS.subList(SearchCorpus.NOUNS.size() - 5, SearchCorpus.NOUNS.size())),
            new Kind("two words (and)", IntStream.range(0, 5)
                    .mapToObj(i -> SearchCorpus.NOUNS.get(30 + i) + " " + SearchCorpus.ADJECTIVES.get(10 + i)).toList()),
            new Kind("phrase", SearchCorpus.PHRASES.subList(0, 5).stream().map(p -> '"' + p + '"').toList()),
            // Prefixes each shared by several words of the corpus, as a person types them.
            new Kind("prefix", List.of("conf*", "deploy*", "stream*", "migr*", "perf*")),
            new Kind("exclusion", IntStream.range(0, 5)
                    .mapToObj(i -> SearchCorpus.NOUNS.get(i) + " -" + SearchCorpus.NOUNS.get(i + 5)).toList()));

    /** One measured search. */
    private record Sample(Kind kind, String query, UserId user, long nanos, long hits) {}

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        // The machine is shared: the load before and after tells a quiet run from a disturbed one.
        String loadBefore = loadAverage();
        BenchDatabase bench = BenchDatabase.from(System.getenv(), 2);
        try (PostgresDatabase database = bench.start(); Connection owner = bench.owner()) {
            List<UserId> users = sampleUsers(owner, options);
            MessageSearch search = database.messageSearch();
            Random random = new Random(options.seed());

            for (int i = 0; i < options.warmup(); i++) {
                Kind kind = KINDS.get(random.nextInt(KINDS.size()));
                search.search(users.get(random.nextInt(users.size())),
                        SearchQuery.parse(kind.queries().get(random.nextInt(kind.queries().size()))), FIRST_PAGE);
            }

            List<Sample> samples = new ArrayList<>();
            for (int round = 0; round < options.rounds(); round++) {
                List<UserId> order = new ArrayList<>(users);
                Collections.shuffle(order, random);
                for (int u = 0; u < order.size(); u++) {
                    List<Kind> kinds = new ArrayList<>(KINDS);
                    Collections.shuffle(kinds, random);
                    for (Kind kind : kinds) {
                        String query = kind.queries().get((u + round) % kind.queries().size());
                        long started = System.nanoTime();
                        Page<SearchHit> page = search.search(order.get(u), SearchQuery.parse(query), FIRST_PAGE);
                        samples.add(new Sample(kind, query, order.get(u), System.nanoTime() - started, page.total()));
                    }
                }
            }
            report(options, owner, users.size(), samples, loadBefore);
        }
    }

    private static List<UserId> sampleUsers(Connection owner, Options options) throws SQLException {
        List<UserId> all = new ArrayList<>();
        // The owner may read every user: the policy the look-up functions need allows it.
        try (PreparedStatement statement = owner.prepareStatement(
                "select id from users where ?::text is null or username = ? order by username")) {
            statement.setString(1, options.user());
            statement.setString(2, options.user());
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    all.add(new UserId(result.getObject(1, UUID.class)));
                }
            }
        }
        if (all.isEmpty()) {
            throw new IllegalStateException("no users" + (options.user() == null ? "" : " named " + options.user()) + " in "
                    + owner.getMetaData().getURL() + "; run SearchDataGenerator first");
        }
        Collections.shuffle(all, new Random(options.seed()));
        return all.subList(0, Math.min(options.users(), all.size()));
    }

    private static void report(Options options, Connection owner, int sampledUsers, List<Sample> samples,
            String loadBefore) throws SQLException, IOException {
        System.out.printf(Locale.ROOT, "%nSearch benchmark, %s: %d searches one at a time (%d users × %d kinds × %d rounds) "
                        + "after %d warm-up searches; first page of %d hits%n", LocalDate.now(), samples.size(), sampledUsers,
                KINDS.size(), options.rounds(), options.warmup(), FIRST_PAGE.size());
        System.out.printf(Locale.ROOT, "Machine: %s, %d cores, %s memory, load average %s before and %s after; Java %s; "
                        + "%s; shared_buffers %s%n", cpuModel(), Runtime.getRuntime().availableProcessors(), memTotal(),
                loadBefore, loadAverage(), Runtime.version(), single(owner, "select version()"),
                single(owner, "show shared_buffers"));
        System.out.printf(Locale.ROOT, "Data set: %s users, %s conversations, %s messages (reltuples); messages %s with "
                        + "TOAST and indexes, GIN index messages_user_search %s%n%n",
                single(owner, "select to_char(count(*), 'FM999,999,999') from users"),
                single(owner, "select to_char(reltuples, 'FM999,999,999') from pg_class where oid = 'conversations'::regclass"),
                single(owner, "select to_char(reltuples, 'FM999,999,999') from pg_class where oid = 'messages'::regclass"),
                single(owner, "select pg_size_pretty(pg_total_relation_size('messages'))"),
                single(owner, "select pg_size_pretty(pg_relation_size('messages_user_search'))"));

        System.out.println("| query kind | queries | hits per user (mean) | p50 | p95 | p99 | max |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (Kind kind : KINDS) {
            List<Sample> ofKind = samples.stream().filter(s -> s.kind() == kind).toList();
            row(kind.name(), String.join(", ", kind.queries().stream().map(q -> "`" + q + "`").toList()), ofKind);
        }
        row("**all**", "", samples);

        double p95 = percentile(samples, 95);
        System.out.printf(Locale.ROOT, "%nTarget p95 < %.0f ms for one user's search: %s (p95 %.2f ms).%n", TARGET_P95_MILLIS,
                p95 <= TARGET_P95_MILLIS ? "met" : "MISSED", p95);
        System.out.println("Slowest searches:");
        samples.stream().sorted((a, b) -> Long.compare(b.nanos(), a.nanos())).limit(5).forEach(s -> System.out.printf(
                Locale.ROOT, "  %.2f ms  %s  %s  user %s, %d hits%n", s.nanos() / 1e6, s.kind().name(), s.query(), s.user(),
                s.hits()));
    }

    private static void row(String name, String queries, List<Sample> samples) {
        System.out.printf(Locale.ROOT, "| %s | %s | %.1f | %.2f ms | %.2f ms | %.2f ms | %.2f ms |%n", name, queries,
                samples.stream().mapToLong(Sample::hits).average().orElse(0), percentile(samples, 50),
                percentile(samples, 95), percentile(samples, 99), percentile(samples, 100));
    }

    /** Nearest-rank percentile, in milliseconds. */
    private static double percentile(List<Sample> samples, double percentile) {
        long[] sorted = samples.stream().mapToLong(Sample::nanos).sorted().toArray();
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(index, sorted.length - 1))] / 1e6;
    }

    private static String single(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getString(1);
        }
    }

    private static String memTotal() throws IOException {
        return procLine("/proc/meminfo", "MemTotal:")
                .map(line -> String.format(Locale.ROOT, "%.1f GiB",
                        Long.parseLong(line.replaceAll("\\D", "")) / 1024.0 / 1024.0))
                .orElse("unknown");
    }

    /** The one-minute load average. */
    private static String loadAverage() throws IOException {
        return procLine("/proc/loadavg", "").map(line -> line.split(" ")[0]).orElse("unknown");
    }

    private static String cpuModel() throws IOException {
        return procLine("/proc/cpuinfo", "model name").map(line -> line.substring(line.indexOf(':') + 1).strip())
                .orElse("unknown CPU");
    }

    private static Optional<String> procLine(String file, String prefix) throws IOException {
        Path path = Path.of(file);
        if (!Files.isReadable(path)) {
            return Optional.empty();
        }
        try (var lines = Files.lines(path)) {
            return lines.filter(line -> line.startsWith(prefix)).findFirst();
        }
    }
}
