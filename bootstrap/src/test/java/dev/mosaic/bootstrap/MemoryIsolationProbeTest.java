package dev.mosaic.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mosaic.adapters.out.embeddings.OnnxEmbeddingModel;
import dev.mosaic.adapters.out.postgres.PostgresDatabase;
import dev.mosaic.application.PageRequest;
import dev.mosaic.application.fakes.LocalOwnerChanges;
import dev.mosaic.application.fakes.WritingJsonCodec;
import dev.mosaic.application.port.in.ManageAccountsUseCase.NewUser;
import dev.mosaic.application.port.out.Memories;
import dev.mosaic.application.port.out.embedding.Embedding;
import dev.mosaic.application.port.out.embedding.VectorSpace;
import dev.mosaic.application.service.EmbeddingIndex;
import dev.mosaic.application.service.MemoryContext;
import dev.mosaic.application.service.MemoryService;
import dev.mosaic.application.tool.MemoryGetPreferencesTool;
import dev.mosaic.application.tool.MemorySaveInsightTool;
import dev.mosaic.application.tool.MemorySavePreferenceTool;
import dev.mosaic.application.tool.MemorySearchTool;
import dev.mosaic.application.tool.Tool;
import dev.mosaic.application.tool.ToolInvocation;
import dev.mosaic.domain.conversation.ConversationId;
import dev.mosaic.domain.memory.Insight;
import dev.mosaic.domain.memory.InsightId;
import dev.mosaic.domain.memory.Preference;
import dev.mosaic.domain.user.UserId;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Randomized probes of memory isolation: users with insights and preferences, each marked by words
 * no other user's data holds; then, over and over, one user tries another's ids, guesses, texts and
 * exact vectors on every memory REST route, every method of the Memories port, every memory tool
 * and MemoryContext. Anything of the victim's in an answer, or any change to the victim's memory,
 * is a leak.
 *
 * <p>The suite runs {@value #SUITE_PROBES} probes; {@code -Dmosaic.memory.probes=100000} runs more
 * (docs/benchmarks.md), {@code -Dmosaic.memory.seed=N} another sequence.
 */
class MemoryIsolationProbeTest {
    private static final int SUITE_PROBES = 2_000;
    private static final int USERS = 3;
    private static final int INSIGHTS_PER_USER = 12;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> KEYS = List.of("language", "tone", "code.style");
    /** The time an attacker marks the victim's insights used with: no use by their owner sets it. */
    private static final Instant FAR_FUTURE = Instant.parse("2100-01-01T00:00:00Z");

    /**
     * One user's data, and the strings whose appearance anywhere else is a leak. The preferences
     * follow what the user, as an attacker, writes of their own.
     */
    private record Victim(UserId id, String token, List<Insight> insights, List<float[]> vectors,
            Map<String, String> preferences, List<String> marks) {}

    @Test
    void noProbeSeesOrChangesAnotherUsersMemory() throws Exception {
        int probes = Integer.getInteger("mosaic.memory.probes", SUITE_PROBES);
        long seed = Long.getLong("mosaic.memory.seed", 10L);
        SplittableRandom random = new SplittableRandom(seed);
        try (GatewayHarness harness = GatewayHarness.start();
                PostgresDatabase database = Storage.openPostgres(
                        GatewaySettings.load(GatewayHarness.testStores()).database())) {
            Memories memories = database.memories();
            OnnxEmbeddingModel model = new OnnxEmbeddingModel();
            MemoryService memory = new MemoryService(memories, new EmbeddingIndex(model, database.embeddingVectors(),
                    Clock.systemUTC()), new LocalOwnerChanges(), Clock.systemUTC());
            WritingJsonCodec json = new WritingJsonCodec();
            List<Tool> tools = List.of(new MemorySearchTool(memory, json), new MemorySaveInsightTool(memory, json),
                    new MemoryGetPreferencesTool(memory, json), new MemorySavePreferenceTool(memory, json));
            MemoryContext context = new MemoryContext(memory, (m, text) -> text.length() / 4, MemoryContext.Settings.DEFAULTS);

            List<Victim> users = new ArrayList<>();
            for (int u = 0; u < USERS; u++) {
                users.add(seed(harness, memories, model, random));
            }
            Probes run = new Probes(harness, memories, memory, tools, context, random);
            for (int i = 0; i < probes; i++) {
                int attacker = random.nextInt(USERS);
                int victim = (attacker + 1 + random.nextInt(USERS - 1)) % USERS;
                run.probe(users.get(attacker), users.get(victim));
                if ((i + 1) % 5_000 == 0) {
                    System.out.printf("memory isolation: %,d probes so far, %d leaks%n", i + 1, run.leaks.size());
                }
            }
            for (Victim user : users) {
                run.intact(user);
            }
            System.out.printf("memory isolation: %,d probes (%s), %d leaks%n", run.count, run.byKind, run.leaks.size());
            assertEquals(List.of(), run.leaks.stream().limit(20).toList(), run.leaks.size() + " leak(s)");
        }
    }

    /** A user whose insights and preferences all carry marks of their own. */
    private static Victim seed(GatewayHarness harness, Memories memories, OnnxEmbeddingModel model,
            SplittableRandom random) throws Exception {
        NewUser user = harness.newUserWithToken();
        String mark = "zq" + Long.toHexString(random.nextLong() & 0xffffffffffL);
        List<Insight> insights = new ArrayList<>();
        List<float[]> vectors = new ArrayList<>();
        List<String> marks = new ArrayList<>(List.of(mark, user.user().id().toString()));
        String[] topics = {"cats", "the launch code", "a bakery in Lisbon", "Rust and TypeScript", "peanut allergy",
                "Friday deploys"};
        for (int i = 0; i < INSIGHTS_PER_USER; i++) {
            String text = "Note " + mark + "-" + i + " about " + topics[i % topics.length];
            Embedding embedding = model.embed(List.of(text)).getFirst();
            Insight insight = new Insight(InsightId.random(), text, null, null, Instant.parse("2026-01-01T00:00:00Z"),
                    Instant.parse("2026-01-01T00:00:00Z"));
            memories.saveInsight(user.user().id(), insight, embedding);
            insights.add(insight);
            vectors.add(embedding.vector());
            marks.add(insight.id().toString());
        }
        Map<String, String> preferences = new LinkedHashMap<>();
        for (String key : KEYS) {
            String value = key + " value " + mark;
            memories.savePreference(user.user().id(), new Preference(key, value, Instant.now()));
            preferences.put(key, value);
        }
        return new Victim(user.user().id(), user.token().secret(), insights, vectors, preferences, marks);
    }

    private static final class Probes {
        private final GatewayHarness harness;
        private final Memories memories;
        private final MemoryService memory;
        private final List<Tool> tools;
        private final MemoryContext context;
        private final SplittableRandom random;
        private final List<String> leaks = new ArrayList<>();
        private final Map<String, Integer> byKind = new java.util.TreeMap<>();
        private int count;

        Probes(GatewayHarness harness, Memories memories, MemoryService memory, List<Tool> tools, MemoryContext context,
                SplittableRandom random) {
            this.harness = harness;
            this.memories = memories;
            this.memory = memory;
            this.tools = tools;
            this.context = context;
            this.random = random;
        }

        void probe(Victim attacker, Victim victim) throws Exception {
            count++;
            Insight target = victim.insights().get(random.nextInt(victim.insights().size()));
            float[] vector = victim.vectors().get(victim.insights().indexOf(target));
            String key = KEYS.get(random.nextInt(KEYS.size()));
            String own = "own " + UUID.randomUUID();
            String guess = UUID.randomUUID().toString();
            String id = random.nextBoolean() ? target.id().toString() : guess;
            UserId as = attacker.id();
            String token = attacker.token();
            int kind = random.nextInt(KINDS.length);
            String answer = switch (kind) {
                case 0 -> rest("GET", "/api/memory/insights?pageSize=100", token, null);
                // The answer repeats the query, which is the victim's text: only the results count.
                case 1 -> results(rest("GET", "/api/memory/search?limit=50&q=" + encode(target.text()), token, null));
                case 2 -> results(rest("GET", "/api/memory/search?limit=50&q=" + encode(victim.marks().getFirst()), token,
                        null));
                case 3 -> expect(404, "DELETE", "/api/memory/insights/" + id, token, null);
                case 4 -> rest("GET", "/api/memory/preferences", token, null);
                case 5 -> rest("GET", "/api/memory/preferences/" + key, token, null);
                case 6 -> {
                    attacker.preferences().put(key, own);
                    yield rest("PUT", "/api/memory/preferences/" + key, token, JSON.writeValueAsString(Map.of("value", own)));
                }
                case 7 -> {
                    attacker.preferences().remove(key);
                    yield rest("DELETE", "/api/memory/preferences/" + key, token, null);
                }
                case 8 -> String.valueOf(memories.insight(as, target.id()));
                case 9 -> String.valueOf(memories.nearestInsights(as, new Embedding(OnnxEmbeddingModel.MODEL, vector), 50));
                case 10 -> expectFalse(memories.deleteInsight(as, target.id()), "deleteInsight");
                case 11 -> {
                    memories.markUsed(as, List.of(target.id()), FAR_FUTURE);
                    yield "";
                }
                case 12 -> String.valueOf(memories.insights(as, new PageRequest(1, 100)).items());
                case 13 -> String.valueOf(memories.preferences(as));
                case 14 -> tool(0, as, Map.of("query", target.text(), "limit", 20));
                case 15 -> tool(2, as, Map.of());
                case 16 -> {
                    attacker.preferences().put(key, own);
                    yield tool(3, as, Map.of("key", key, "value", own));
                }
                case 17 -> tool(0, as, Map.of("query", target.text(), "user", victim.id().toString()));
                case 18 -> String.valueOf(context.recall(as, target.text()));
                case 19 -> String.valueOf(memories.withoutVector(as, new VectorSpace("probe-model", vector.length), 100));
                case 20 -> expectFalse(memories.storeVectors(as, Map.of(target.id(), new Embedding("probe-model", vector)),
                        Instant.now()) > 0, "storeVectors");
                case 21 -> expectFalse(memories.deleteOtherVectors(as, new VectorSpace(OnnxEmbeddingModel.MODEL,
                        vector.length)) > 0, "deleteOtherVectors");
                default -> String.valueOf(memory.search(as, victim.marks().getFirst() + " " + target.text(), 50));
            };
            byKind.merge(KINDS[kind], 1, Integer::sum);
            for (String mark : victim.marks()) {
                if (answer.contains(mark)) {
                    leaks.add(KINDS[kind] + ": " + attacker.id() + " saw " + mark + " of " + victim.id());
                }
            }
            // Memory an attacker writes is its own; the victim's own values must stay as they were.
            if (kind == 6 || kind == 7 || kind == 16) {
                String value = memories.preferences(victim.id()).stream().filter(p -> p.key().equals(key))
                        .map(Preference::value).findFirst().orElse(null);
                if (!java.util.Objects.equals(victim.preferences().get(key), value)) {
                    leaks.add(KINDS[kind] + ": " + attacker.id() + " changed " + victim.id() + "'s " + key);
                }
            }
        }

        /**
         * At the end: every insight of the user's still there, as written and never marked used by
         * another, and every preference as the user left it.
         */
        void intact(Victim user) {
            for (Insight insight : user.insights()) {
                Insight stored = memories.insight(user.id(), insight.id()).orElse(null);
                if (stored == null || !stored.text().equals(insight.text()) || !stored.createdAt().equals(insight.createdAt())
                        || stored.lastUsedAt().equals(FAR_FUTURE)) {
                    leaks.add("insight " + insight.id() + " of " + user.id() + " was changed or deleted");
                }
            }
            Map<String, String> now = new HashMap<>();
            memories.preferences(user.id()).forEach(p -> now.put(p.key(), p.value()));
            if (!now.equals(user.preferences())) {
                leaks.add("the preferences of " + user.id() + " changed: " + now);
            }
        }

        private String rest(String method, String path, String token, String body) throws Exception {
            GatewayHarness.HttpResult result = harness.send(method, path, token, body);
            if (result.status() >= 500) {
                leaks.add(method + " " + path + " answered " + result.status());
            }
            return String.valueOf(result.body());
        }

        private static String results(String body) throws Exception {
            return String.valueOf(JSON.readTree(body).path("results"));
        }

        private String expect(int status, String method, String path, String token, String body) throws Exception {
            GatewayHarness.HttpResult result = harness.send(method, path, token, body);
            if (result.status() != status) {
                leaks.add(method + " " + path + " answered " + result.status() + " instead of " + status);
            }
            return String.valueOf(result.body());
        }

        private String expectFalse(boolean done, String what) {
            if (done) {
                leaks.add(what + " of another user's insight succeeded");
            }
            return "";
        }

        private String tool(int index, UserId actor, Map<String, Object> arguments) throws Exception {
            return tools.get(index).run(new ToolInvocation(actor, ConversationId.random(), "probe", arguments)).content();
        }

        private static String encode(String text) {
            return URLEncoder.encode(text, StandardCharsets.UTF_8);
        }
    }

    private static final String[] KINDS = {"rest.list-insights", "rest.search-text", "rest.search-mark",
            "rest.delete-insight", "rest.list-preferences", "rest.get-preference", "rest.put-preference",
            "rest.delete-preference", "port.insight", "port.nearest-vector", "port.delete-insight", "port.mark-used",
            "port.insights", "port.preferences", "tool.memory_search", "tool.memory_get_preferences",
            "tool.memory_save_preference", "tool.memory_search-naming-user", "context.recall", "port.without-vector",
            "port.store-vectors", "port.delete-other-vectors", "service.search"};
}
