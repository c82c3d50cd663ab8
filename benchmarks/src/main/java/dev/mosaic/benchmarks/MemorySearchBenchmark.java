package dev.mosaic.benchmarks;

import static dev.mosaic.benchmarks.ChunkSendTimes.percentile;

import dev.mosaic.adapters.out.embeddings.OnnxEmbeddingModel;
import dev.mosaic.adapters.out.postgres.PostgresDatabase;
import dev.mosaic.application.port.out.Memories;
import dev.mosaic.application.port.out.embedding.Embedding;
import dev.mosaic.application.port.out.embedding.VectorSpace;
import dev.mosaic.application.service.InsightIndexJobs;
import dev.mosaic.domain.user.UserId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Search by meaning over many users' insights: fills the benchmark database with insights and their
 * 384-dimensional vectors (by default 1,000 users × 100, one medium user with 5,000 and one heavy user
 * with 20,000), then
 * measures the top-10 search of one user through the Memories port (row-level security, the
 * partial HNSW index with iterative scans, or the exact scan the planner prefers for a small user),
 * and its recall@10 against an exact search of the same user. Also the cost of embedding text in
 * process with the default model.
 *
 * <p>Vectors are drawn around shared topics, as people's notes are: every user's insights fall near
 * a few of 200 topic directions that other users' insights are near too, so a user's nearest
 * neighbours over the whole table are mostly someone else's, which is what makes filtering by user
 * hard for an approximate index. Each user's data depends only on the seed and the user's number;
 * users already present are kept, so a second run measures at once.
 *
 * <p>Users with at least {@code --user-index-threshold} insights (the gateway's default; 0 for none)
 * get an index of their own first, as the gateway's {@code insight-indexes} job builds them.
 *
 * <p>{@code MemorySearchBenchmark [--users N] [--per-user N] [--medium N] [--heavy N] [--queries N] [--seed N]
 * [--user-index-threshold N]}
 */
public final class MemorySearchBenchmark {
    private static final int DIMENSIONS = OnnxEmbeddingModel.DIMENSIONS;
    private static final String MODEL = OnnxEmbeddingModel.MODEL;
    private static final int TOPICS = 200;
    private static final int TOPICS_PER_USER = 8;
    private static final int K = 10;
    private static final int CHUNK = 1_000;

    private record Options(int users, int perUser, int medium, int heavy, int queries, long seed, int userIndexThreshold) {
        static Options parse(String[] args) {
            Map<String, Long> values = new HashMap<>(Map.of("--users", 1_000L, "--per-user", 100L, "--medium", 5_000L,
                    "--heavy", 20_000L, "--queries", 500L, "--seed", 42L,
                    "--user-index-threshold", InsightIndexJobs.Settings.DEFAULTS.threshold()));
            for (int i = 0; i < args.length; i++) {
                if (values.containsKey(args[i]) && i + 1 < args.length) {
                    values.put(args[i], Long.parseLong(args[++i]));
                } else {
                    throw new IllegalArgumentException("usage: MemorySearchBenchmark [--users N] [--per-user N]"
                            + " [--medium N] [--heavy N] [--queries N] [--seed N] [--user-index-threshold N (0: none)]");
                }
            }
            return new Options(Math.toIntExact(values.get("--users")), Math.toIntExact(values.get("--per-user")),
                    Math.toIntExact(values.get("--medium")), Math.toIntExact(values.get("--heavy")),
                    Math.toIntExact(values.get("--queries")), values.get("--seed"),
                    Math.toIntExact(values.get("--user-index-threshold")));
        }
    }

    /** A generated user: its name, its id, how many insights, and the topics they are near. */
    private record BenchUser(String name, UUID id, int insights, int[] topics) {}

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        BenchDatabase bench = BenchDatabase.from(System.getenv(), 4);
        float[][] topics = topics(options.seed());
        List<BenchUser> users = new ArrayList<>();
        for (int i = 0; i < options.users(); i++) {
            users.add(user(String.format(Locale.ROOT, "memory-bench-%04d", i), options.perUser(), options.seed()));
        }
        BenchUser medium = user("memory-bench-medium", options.medium(), options.seed());
        users.add(medium);
        BenchUser heavy = user("memory-bench-heavy", options.heavy(), options.seed());
        users.add(heavy);

        try (PostgresDatabase database = bench.start(); Connection owner = bench.owner()) {
            generate(owner, users, topics, options.seed());
            try (Statement statement = owner.createStatement()) {
                statement.execute("vacuum analyze insights");
                statement.execute("vacuum analyze embeddings");
            }
            // As the gateway's insight-indexes job does: users past the threshold get an index of their own.
            long building = System.nanoTime();
            InsightIndexJobs.Outcome indexes = new InsightIndexJobs(database.insightIndexes(),
                    () -> new VectorSpace(MODEL, DIMENSIONS), options.userIndexThreshold() == 0
                            ? new InsightIndexJobs.Settings(InsightIndexJobs.Settings.DEFAULTS.threshold(), 0)
                            : new InsightIndexJobs.Settings(options.userIndexThreshold(), InsightIndexJobs.Settings.DEFAULTS.max()))
                    .sweep();
            if (!indexes.created().isEmpty()) {
                try (Statement statement = owner.createStatement()) {
                    statement.execute("analyze embeddings");
                }
            }
            Memories memories = database.memories();
            SplittableRandom random = new SplittableRandom(options.seed() + 1);
            // Warm the caches and the JIT with searches that are not counted: a search takes about three
            // times as long after 200 searches as after 2,000, which a running gateway is long past.
            for (int i = 0; i < 2_000; i++) {
                BenchUser user = users.get(random.nextInt(users.size()));
                memories.nearestInsights(new UserId(user.id()), query(user, topics, random), K);
            }
            System.out.println("## Memory search: top-" + K + " of one user, " + DIMENSIONS + " dimensions\n");
            System.out.printf(Locale.ROOT, "%,d users × %,d insights + one user with %,d + one with %,d = %,d insights;"
                            + " %,d queries per row, through the Memories port (one transaction each)%n%n", options.users(),
                    options.perUser(), options.medium(), options.heavy(),
                    (long) options.users() * options.perUser() + options.medium() + options.heavy(), options.queries());
            System.out.printf(Locale.ROOT, "Users' own indexes (threshold %s): %d built in %.1f s, %d dropped, %d kept%n%n",
                    options.userIndexThreshold() == 0 ? "none" : String.format(Locale.ROOT, "%,d", options.userIndexThreshold()),
                    indexes.created().size(), (System.nanoTime() - building) / 1e9, indexes.dropped().size(),
                    indexes.kept().size());
            System.out.println("| user | insights | p50 | p99 | max | recall@10 (mean) | recall@10 (min) |");
            System.out.println("|---|---|---|---|---|---|---|");
            measure("one of the " + options.users(), users.subList(0, options.users()), options.perUser(), memories, owner,
                    topics, random, options.queries());
            measure("a medium user", List.of(medium), options.medium(), memories, owner, topics, random, options.queries());
            measure("the heavy user", List.of(heavy), options.heavy(), memories, owner, topics, random, options.queries());
            System.out.println();
            try (Connection app = bench.app()) {
                plans(app, List.of(users.getFirst(), medium, heavy), topics, random);
            }
        }
        embeddingCost();
    }

    /**
     * Times the searches one after another, then checks each against an exact search: an exact search
     * reads all of the user's vectors (30 MB for the heavy user) and would leave the next timed search
     * to start from cold processor caches, which no search in the gateway follows.
     */
    private static void measure(String label, List<BenchUser> pool, int size, Memories memories, Connection owner,
            float[][] topics, SplittableRandom random, int queries) throws SQLException {
        record Timed(BenchUser user, Embedding query, List<Memories.Match> found, long nanos) {}
        List<Timed> searches = new ArrayList<>();
        for (int q = 0; q < queries; q++) {
            BenchUser user = pool.get(random.nextInt(pool.size()));
            Embedding query = query(user, topics, random);
            long start = System.nanoTime();
            List<Memories.Match> found = memories.nearestInsights(new UserId(user.id()), query, K);
            searches.add(new Timed(user, query, found, System.nanoTime() - start));
        }
        double recallSum = 0;
        double recallMin = 1;
        for (Timed search : searches) {
            Set<String> exact = new HashSet<>(exact(owner, search.user(), search.query()));
            long hits = search.found().stream().filter(m -> exact.contains(m.insight().id().toString())).count();
            double recall = (double) hits / Math.min(K, exact.size());
            recallSum += recall;
            recallMin = Math.min(recallMin, recall);
        }
        List<Long> nanos = searches.stream().map(Timed::nanos).toList();
        System.out.printf(Locale.ROOT, "| %s | %,d | %.2f ms | %.2f ms | %.2f ms | %.4f | %.2f |%n", label, size,
                percentile(nanos, 50) / 1e6, percentile(nanos, 99) / 1e6, percentile(nanos, 100) / 1e6,
                recallSum / queries, recallMin);
    }

    /** The user's exact top-K: distances on the uncast column, which no approximate index serves. */
    private static List<String> exact(Connection owner, BenchUser user, Embedding query) throws SQLException {
        owner.setAutoCommit(false);
        try (PreparedStatement scope = owner.prepareStatement("select set_config('mosaic.user_id', ?, true)");
                PreparedStatement search = owner.prepareStatement("""
                        select subject_id from embeddings
                        where user_id = ? and subject_kind = 'insight' and model = ? and dimensions = ?
                        order by vector <=> ?::vector limit ?""")) {
            scope.setString(1, user.id().toString());
            scope.execute();
            search.setObject(1, user.id());
            search.setString(2, MODEL);
            search.setInt(3, DIMENSIONS);
            search.setString(4, Arrays.toString(query.vector()));
            search.setInt(5, K);
            List<String> ids = new ArrayList<>();
            try (ResultSet rows = search.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getString(1));
                }
            }
            return ids;
        } finally {
            owner.commit();
            owner.setAutoCommit(true);
        }
    }

    /**
     * The plans PostgreSQL chooses for users of each size, as the adapter's statement runs: as the
     * application role (row-level security applies), planned for its own parameters.
     */
    private static void plans(Connection app, List<BenchUser> users, float[][] topics, SplittableRandom random)
            throws SQLException {
        for (BenchUser user : users) {
            app.setAutoCommit(false);
            try (PreparedStatement settings = app.prepareStatement("""
                            select set_config('mosaic.user_id', ?, true), set_config('plan_cache_mode', 'force_custom_plan', true),
                                set_config('hnsw.iterative_scan', 'relaxed_order', true), set_config('hnsw.ef_search', '100', true)""");
                    PreparedStatement explain = app.prepareStatement("""
                            explain (costs off) select subject_id from embeddings
                            where user_id = ? and subject_kind = 'insight' and model = ? and dimensions = 384
                            order by (vector::vector(384)) <=> cast(? as vector(384)) limit 10""")) {
                settings.setString(1, user.id().toString());
                settings.execute();
                explain.setObject(1, user.id());
                explain.setString(2, MODEL);
                explain.setString(3, Arrays.toString(query(user, topics, random).vector()));
                System.out.println("Plan for a user with " + String.format(Locale.ROOT, "%,d", user.insights())
                        + " insights:\n\n```");
                try (ResultSet rows = explain.executeQuery()) {
                    while (rows.next()) {
                        String line = rows.getString(1);
                        System.out.println(line.contains("<=> '[") ? line.replaceAll("'\\[[^]]*]'", "'[…]'") : line);
                    }
                }
                System.out.println("```\n");
            } finally {
                app.commit();
                app.setAutoCommit(true);
            }
        }
    }

    /** In-process embedding with the default model: one sentence at a time, and batches of 32. */
    private static void embeddingCost() {
        OnnxEmbeddingModel model = new OnnxEmbeddingModel();
        String[] sentences = {"I live in Lisbon with my two cats.", "Deploy the payment service on Fridays only.",
                "My favourite programming language is Rust, but at work I write TypeScript.",
                "Remind me that the quarterly report is due on the third of the month."};
        for (int i = 0; i < 50; i++) {
            model.embed(List.of(sentences[i % sentences.length]));
        }
        List<Long> single = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            long start = System.nanoTime();
            model.embed(List.of(sentences[i % sentences.length] + " " + i));
            single.add(System.nanoTime() - start);
        }
        List<Long> perText = new ArrayList<>();
        for (int b = 0; b < 20; b++) {
            List<String> batch = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                batch.add(sentences[i % sentences.length] + " " + b + "." + i);
            }
            long start = System.nanoTime();
            model.embed(batch);
            perText.add((System.nanoTime() - start) / batch.size());
        }
        System.out.println("## In-process embedding (" + MODEL + ", " + DIMENSIONS + " dimensions)\n");
        System.out.println("| call | p50 | p99 |\n|---|---|---|");
        System.out.printf(Locale.ROOT, "| one sentence | %.2f ms | %.2f ms |%n", percentile(single, 50) / 1e6,
                percentile(single, 99) / 1e6);
        System.out.printf(Locale.ROOT, "| batch of 32, per sentence | %.2f ms | %.2f ms |%n",
                percentile(perText, 50) / 1e6, percentile(perText, 99) / 1e6);
    }

    private static BenchUser user(String name, int insights, long seed) {
        SplittableRandom random = new SplittableRandom(seed ^ name.hashCode());
        int[] topics = new int[TOPICS_PER_USER];
        for (int i = 0; i < topics.length; i++) {
            topics[i] = random.nextInt(TOPICS);
        }
        return new BenchUser(name, UUID.nameUUIDFromBytes((seed + "/" + name).getBytes()), insights, topics);
    }

    private static float[][] topics(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[][] topics = new float[TOPICS][];
        for (int t = 0; t < TOPICS; t++) {
            topics[t] = noise(random, 1);
        }
        return topics;
    }

    /** A vector near one of the user's topics; as far from it as from one another, roughly. */
    private static float[] near(BenchUser user, float[][] topics, SplittableRandom random) {
        float[] topic = topics[user.topics()[random.nextInt(user.topics().length)]];
        float[] noise = noise(random, 0.9);
        float[] vector = new float[DIMENSIONS];
        for (int d = 0; d < DIMENSIONS; d++) {
            vector[d] = topic[d] + noise[d];
        }
        return vector;
    }

    private static Embedding query(BenchUser user, float[][] topics, SplittableRandom random) {
        return new Embedding(MODEL, near(user, topics, random));
    }

    /** Gaussian, of about the given length. */
    private static float[] noise(SplittableRandom random, double length) {
        float[] vector = new float[DIMENSIONS];
        for (int d = 0; d < DIMENSIONS; d++) {
            vector[d] = (float) (gaussian(random) * length / Math.sqrt(DIMENSIONS));
        }
        return vector;
    }

    private static double gaussian(SplittableRandom random) {
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    /**
     * Writes the users not yet present, each in transactions that name it (row-level security is
     * forced, so the owner too writes only the rows of the user it names).
     */
    private static void generate(Connection owner, List<BenchUser> users, float[][] topics, long seed) throws SQLException {
        Set<String> present = new HashSet<>();
        try (Statement statement = owner.createStatement();
                ResultSet names = statement.executeQuery("select username from users where username like 'memory-bench-%'")) {
            while (names.next()) {
                present.add(names.getString(1));
            }
        }
        long started = System.nanoTime();
        long written = 0;
        long reported = 0;
        owner.setAutoCommit(false);
        try (PreparedStatement scope = owner.prepareStatement("select set_config('mosaic.user_id', ?, true)");
                PreparedStatement user = owner.prepareStatement(
                        "insert into users (id, username, created_at) values (?, ?, now())");
                PreparedStatement insights = owner.prepareStatement("""
                        insert into insights (id, user_id, text, created_at, last_used_at)
                        select unnest(?::uuid[]), ?, unnest(?::text[]), now(), now()""");
                PreparedStatement vectors = owner.prepareStatement("""
                        insert into embeddings (id, user_id, subject_kind, subject_id, model, dimensions, vector, created_at)
                        select gen_random_uuid(), ?, 'insight', unnest(?::text[]), ?, ?, unnest(?::text[])::vector, now()""")) {
            for (BenchUser u : users) {
                if (present.contains(u.name())) {
                    continue;
                }
                SplittableRandom random = new SplittableRandom(seed ^ u.id().getMostSignificantBits());
                for (int from = 0; from < u.insights(); from += CHUNK) {
                    scope.setString(1, u.id().toString());
                    scope.execute();
                    if (from == 0) {
                        user.setObject(1, u.id());
                        user.setString(2, u.name());
                        user.executeUpdate();
                    }
                    int count = Math.min(CHUNK, u.insights() - from);
                    String[] ids = new String[count];
                    String[] texts = new String[count];
                    String[] values = new String[count];
                    for (int i = 0; i < count; i++) {
                        ids[i] = UUID.randomUUID().toString();
                        texts[i] = "insight " + (from + i) + " of " + u.name();
                        values[i] = Arrays.toString(near(u, topics, random));
                    }
                    insights.setArray(1, owner.createArrayOf("uuid", ids));
                    insights.setObject(2, u.id());
                    insights.setArray(3, owner.createArrayOf("text", texts));
                    insights.executeUpdate();
                    vectors.setObject(1, u.id());
                    vectors.setArray(2, owner.createArrayOf("text", ids));
                    vectors.setString(3, MODEL);
                    vectors.setInt(4, DIMENSIONS);
                    vectors.setArray(5, owner.createArrayOf("text", values));
                    vectors.executeUpdate();
                    owner.commit();
                    written += count;
                }
                if (written - reported >= 10_000) {
                    reported = written;
                    System.out.printf(Locale.ROOT, "%,d insights written, %.0f/s%n", written,
                            written / ((System.nanoTime() - started) / 1e9));
                }
            }
        } catch (SQLException e) {
            owner.rollback();
            throw e;
        } finally {
            owner.setAutoCommit(true);
        }
    }
}
