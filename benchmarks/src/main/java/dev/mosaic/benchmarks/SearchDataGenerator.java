package dev.mosaic.benchmarks;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

/**
 * Fills the benchmark database with users, conversations and messages for {@link SearchBenchmark}:
 * by default 2,000 users × 25 conversations × 20 messages = 1,000,000 messages of
 * {@link SearchCorpus} text, user and assistant turns alternating, spread over the past year.
 *
 * <p>Row-level security is forced on every table, so the rows are written as the owner but, like
 * the gateway's, in one transaction per user that first names that user in {@code mosaic.user_id}.
 * COPY is refused on tables with row-level security, so each table gets one multi-row
 * {@code insert .. select from unnest(arrays)} per user instead.
 *
 * <p>Each user's data depends only on the seed and the user's number, and users already present are
 * skipped, so an interrupted run resumes where it stopped; {@code --reset} empties the tables first.
 * Ends with VACUUM ANALYZE and the size of the tables and indexes.
 *
 * <p>{@code SearchDataGenerator [--users N] [--conversations N] [--messages N] [--writers N] [--seed N] [--reset]}
 */
public final class SearchDataGenerator {
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);
    private static final Duration SPREAD = Duration.ofDays(365);

    private record Options(int users, int conversations, int messages, int writers, long seed, boolean reset) {
        static Options parse(String[] args) {
            Map<String, Long> values = new HashMap<>(Map.of("--users", 2_000L, "--conversations", 25L, "--messages", 20L,
                    "--writers", 2L, "--seed", 42L));
            boolean reset = false;
            for (int i = 0; i < args.length; i++) {
                if (args[i].equals("--reset")) {
                    reset = true;
                } else if (values.containsKey(args[i]) && i + 1 < args.length) {
                    values.put(args[i], Long.parseLong(args[++i]));
                } else {
                    throw new IllegalArgumentException("usage: SearchDataGenerator [--users N] [--conversations N] "
                            + "[--messages N] [--writers N] [--seed N] [--reset]");
                }
            }
            return new Options(Math.toIntExact(values.get("--users")), Math.toIntExact(values.get("--conversations")),
                    Math.toIntExact(values.get("--messages")), Math.toIntExact(values.get("--writers")),
                    values.get("--seed"), reset);
        }
    }

    /** The name of user number {@code index}; also how a resumed run recognises the users it made. */
    static String username(int index) {
        return String.format(Locale.ROOT, "bench-%06d", index);
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        BenchDatabase bench = BenchDatabase.from(System.getenv(), 1);
        bench.start().close();
        Set<String> present = new HashSet<>();
        try (Connection owner = bench.owner(); Statement statement = owner.createStatement()) {
            if (options.reset()) {
                // Cascade: every user-owned table references users, including those later migrations add.
                statement.execute("truncate users restart identity cascade");
                System.out.println("emptied users and every table that references them");
            }
            try (ResultSet names = statement.executeQuery("select username from users")) {
                while (names.next()) {
                    present.add(names.getString(1));
                }
            }
        }
        long missing = IntStream.range(0, options.users()).filter(i -> !present.contains(username(i))).count();
        System.out.printf(Locale.ROOT, "generating %,d users × %d conversations × %d messages = %,d messages "
                        + "(%,d of the %,d users already there) with %d writers; vocabulary of %,d words%n",
                missing, options.conversations(), options.messages(), missing * options.conversations() * options.messages(),
                options.users() - missing, options.users(), options.writers(), SearchCorpus.vocabularySize());

        Instant end = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        AtomicInteger nextUser = new AtomicInteger();
        AtomicLong inserted = new AtomicLong();
        long started = System.nanoTime();
        ScheduledExecutorService progress = Executors.newSingleThreadScheduledExecutor();
        AtomicLong lastCount = new AtomicLong();
        AtomicLong lastTime = new AtomicLong(started);
        progress.scheduleAtFixedRate(() -> {
            long now = System.nanoTime();
            long count = inserted.get();
            System.out.printf(Locale.ROOT, "%,12d messages  %,8.0f/s now  %,8.0f/s overall%n", count,
                    (count - lastCount.getAndSet(count)) / ((now - lastTime.getAndSet(now)) / 1e9),
                    count / ((now - started) / 1e9));
        }, PROGRESS_EVERY.toMillis(), PROGRESS_EVERY.toMillis(), TimeUnit.MILLISECONDS);

        try (ExecutorService writers = Executors.newFixedThreadPool(options.writers())) {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < options.writers(); w++) {
                done.add(writers.submit(() -> {
                    try (Connection connection = bench.owner()) {
                        Writer writer = new Writer(connection, options, end);
                        for (int index = nextUser.getAndIncrement(); index < options.users();
                                index = nextUser.getAndIncrement()) {
                            if (!present.contains(username(index))) {
                                inserted.addAndGet(writer.write(index));
                            }
                        }
                    } catch (Exception e) {
                        // Stops the other writers too; a rerun resumes after the users already written.
                        nextUser.set(options.users());
                        throw e;
                    }
                    return null;
                }));
            }
            for (Future<?> writer : done) {
                writer.get();
            }
        } finally {
            progress.shutdownNow();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf(Locale.ROOT, "inserted %,d messages in %.1f s (%,.0f/s)%n", inserted.get(), seconds,
                inserted.get() / seconds);

        try (Connection owner = bench.owner(); Statement statement = owner.createStatement()) {
            long vacuumStarted = System.nanoTime();
            // VACUUM as well as ANALYZE: it also moves the GIN index's pending list into the index
            // proper and sets the visibility map, the state autovacuum would reach on a live system.
            statement.execute("vacuum (analyze) users, conversations, messages");
            System.out.printf(Locale.ROOT, "vacuum analyze: %.1f s%n%n", (System.nanoTime() - vacuumStarted) / 1e9);
            System.out.println(BenchDatabase.sizesHeader());
            BenchDatabase.sizes(owner).forEach(System.out::println);
        }
    }

    /** Writes whole users over one connection, one transaction each. */
    private static final class Writer {
        private final Connection connection;
        private final Options options;
        private final Instant end;
        private final PreparedStatement actAs;
        private final PreparedStatement user;
        private final PreparedStatement conversations;
        private final PreparedStatement messages;

        Writer(Connection connection, Options options, Instant end) throws SQLException {
            this.connection = connection;
            this.options = options;
            this.end = end;
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                // The data can be generated again; not waiting for each commit's WAL flush halves the load time.
                statement.execute("set synchronous_commit = off");
            }
            actAs = connection.prepareStatement("select set_config('mosaic.user_id', ?, true)");
            user = connection.prepareStatement("insert into users (id, username, created_at) values (?, ?, ?)");
            conversations = connection.prepareStatement("""
                    insert into conversations (id, user_id, title, created_at, last_activity_at)
                    select id, ?, title, created_at, last_activity_at
                    from unnest(?::uuid[], ?::text[], ?::timestamptz[], ?::timestamptz[])
                        as c(id, title, created_at, last_activity_at)""");
            messages = connection.prepareStatement("""
                    insert into messages (id, conversation_id, user_id, role, status, content, provider, model,
                        input_tokens, output_tokens, cached_input_tokens, stop_reason, time_to_first_token_ms,
                        duration_ms, created_at)
                    select id, conversation_id, ?, role, 'complete', content::jsonb, provider, model,
                        input_tokens, output_tokens, cached_input_tokens, stop_reason, time_to_first_token_ms,
                        duration_ms, created_at
                    from unnest(?::uuid[], ?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[], ?::int8[], ?::int8[],
                        ?::int8[], ?::text[], ?::int8[], ?::int8[], ?::timestamptz[])
                        as m(id, conversation_id, role, content, provider, model, input_tokens, output_tokens,
                            cached_input_tokens, stop_reason, time_to_first_token_ms, duration_ms, created_at)""");
        }

        /** Inserts user number {@code index} with all its conversations and messages; returns the message count. */
        int write(int index) throws SQLException {
            SplittableRandom random = new SplittableRandom(options.seed() * 1_000_003L + index);
            UUID userId = uuid(random);
            int conversationCount = options.conversations();
            int total = conversationCount * options.messages();
            UUID[] conversationIds = new UUID[conversationCount];
            String[] titles = new String[conversationCount];
            // Times go as ISO-8601 text, which the server parses without regard to any time zone setting.
            String[] conversationStarts = new String[conversationCount];
            String[] lastActivity = new String[conversationCount];
            UUID[] ids = new UUID[total];
            UUID[] inConversation = new UUID[total];
            String[] roles = new String[total];
            String[] contents = new String[total];
            String[] providers = new String[total];
            String[] models = new String[total];
            Long[] inputTokens = new Long[total];
            Long[] outputTokens = new Long[total];
            Long[] cachedTokens = new Long[total];
            String[] stopReasons = new String[total];
            Long[] firstTokenMillis = new Long[total];
            Long[] durationMillis = new Long[total];
            String[] createdAt = new String[total];

            Instant earliest = end;
            int row = 0;
            for (int c = 0; c < conversationCount; c++) {
                conversationIds[c] = uuid(random);
                titles[c] = SearchCorpus.title(random);
                Instant at = end.minusSeconds(random.nextLong(SPREAD.toSeconds()));
                earliest = at.isBefore(earliest) ? at : earliest;
                conversationStarts[c] = at.toString();
                long context = 0;
                for (int m = 0; m < options.messages(); m++, row++) {
                    boolean fromUser = m % 2 == 0;
                    String text = fromUser ? SearchCorpus.userMessage(random) : SearchCorpus.assistantMessage(random);
                    long tokens = Math.round(text.length() / 4.0);
                    ids[row] = uuid(random);
                    inConversation[row] = conversationIds[c];
                    roles[row] = fromUser ? "user" : "assistant";
                    contents[row] = "[{\"type\":\"text\",\"text\":\"" + text + "\"}]";
                    createdAt[row] = at.toString();
                    if (!fromUser) {
                        providers[row] = "openai";
                        models[row] = "gpt-4o-mini";
                        inputTokens[row] = context;
                        outputTokens[row] = tokens;
                        cachedTokens[row] = context / 2;
                        stopReasons[row] = "end_turn";
                        firstTokenMillis[row] = 200 + random.nextLong(800);
                        durationMillis[row] = firstTokenMillis[row] + tokens * 20;
                    }
                    context += tokens;
                    // A person reads and types for seconds to minutes between turns.
                    at = at.plusSeconds(5 + random.nextLong(600));
                }
                lastActivity[c] = createdAt[row - 1];
            }

            try {
                actAs.setString(1, userId.toString());
                actAs.executeQuery().close();
                user.setObject(1, userId);
                user.setString(2, username(index));
                user.setObject(3, earliest.minus(Duration.ofDays(1)).atOffset(ZoneOffset.UTC));
                user.executeUpdate();
                conversations.setObject(1, userId);
                conversations.setArray(2, array("uuid", conversationIds));
                conversations.setArray(3, array("text", titles));
                conversations.setArray(4, array("text", conversationStarts));
                conversations.setArray(5, array("text", lastActivity));
                conversations.executeUpdate();
                messages.setObject(1, userId);
                Object[][] columns = {ids, inConversation, roles, contents, providers, models, inputTokens,
                        outputTokens, cachedTokens, stopReasons, firstTokenMillis, durationMillis, createdAt};
                String[] types = {"uuid", "uuid", "text", "text", "text", "text", "int8", "int8", "int8", "text", "int8",
                        "int8", "text"};
                for (int i = 0; i < columns.length; i++) {
                    messages.setArray(i + 2, array(types[i], columns[i]));
                }
                messages.executeUpdate();
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            }
            return total;
        }

        private Array array(String type, Object[] values) throws SQLException {
            return connection.createArrayOf(type, values);
        }

        private static UUID uuid(SplittableRandom random) {
            // Version 4 bits, like UUID.randomUUID(), but from the seeded generator.
            long high = (random.nextLong() & ~0xF000L) | 0x4000L;
            long low = (random.nextLong() & ~(0xC000L << 48)) | (0x8000L << 48);
            return new UUID(high, low);
        }
    }
}
