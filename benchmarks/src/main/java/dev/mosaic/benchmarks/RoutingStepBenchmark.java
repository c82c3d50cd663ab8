package dev.mosaic.benchmarks;

import dev.mosaic.adapters.out.postgres.PostgresDatabase;
import dev.mosaic.adapters.out.redis.RedisNamespace;
import dev.mosaic.adapters.out.redis.RedisOwnerChanges;
import dev.mosaic.application.fakes.AesGcmCipher;
import dev.mosaic.application.fakes.RecordingCircuits;
import dev.mosaic.application.fakes.ScriptedProvider;
import dev.mosaic.application.fakes.ScriptedTokenEndpoint;
import dev.mosaic.application.port.out.provider.ChatProvider;
import dev.mosaic.application.service.CredentialService;
import dev.mosaic.application.service.ModelCatalogService;
import dev.mosaic.application.service.RoutingRuleService;
import dev.mosaic.application.service.RoutingService;
import dev.mosaic.application.service.RoutingSettings;
import dev.mosaic.domain.routing.RouteTarget;
import dev.mosaic.domain.routing.TaskClassifier;
import dev.mosaic.domain.user.User;
import dev.mosaic.domain.user.UserId;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import redis.clients.jedis.RedisClient;

/**
 * What routing adds to each message: {@link RoutingService#decide} as the gateway calls it, with the
 * seeded system rules and the user's credential list read once from PostgreSQL (row-level security
 * on) and then served from the instance's caches, and the task classifier. Two
 * providers have gateway keys, so some messages are passed over to the next model of their chain.
 * Run with {@code ./mosaic bench-routing [--rounds N]}.
 */
public final class RoutingStepBenchmark {

    private static final List<String> MESSAGES = List.of(
            "what time is it",
            "What is the capital of Australia?",
            "Summarize this article: the council met on Tuesday and agreed to fund the parks.",
            "Design and implement a distributed rate limiter in Go backed by Redis, with tests and a migration plan",
            "Research the current state of solid-state batteries and compare the main approaches, with sources",
            "Write a short poem about the sea at night",
            "Fix this: TypeError: cannot read properties of undefined (reading 'map') in my React component",
            "Compare the trade-offs of event sourcing and a relational model for our billing system, step by step");

    public static void main(String[] args) throws Exception {
        int rounds = 20_000;
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].equals("--rounds")) {
                throw new IllegalArgumentException("usage: RoutingStepBenchmark [--rounds N]");
            }
            rounds = Integer.parseInt(args[i + 1]);
        }
        Map<String, String> env = System.getenv();
        try (PostgresDatabase database = BenchDatabase.from(env, 4).start();
                RedisClient redis = RedisClient.create(URI.create(env.getOrDefault("MOSAIC_BENCH_REDIS_URL",
                        "redis://127.0.0.1:6379/0")))) {
            User user = new User(UserId.random(), "bench-routing-" + UUID.randomUUID().toString().substring(0, 8),
                    Instant.now());
            database.users().create(user);
            ModelCatalogService catalog = new ModelCatalogService();
            RedisOwnerChanges changes = new RedisOwnerChanges(redis, new RedisNamespace("mosaic-bench"));
            RoutingRuleService rules = new RoutingRuleService(database.routingRules(), database.users(), changes,
                    catalog::whyNotRoutable, database.agents());
            CredentialService credentials = new CredentialService(database.providerCredentials(), new AesGcmCipher(),
                    (provider, key, baseUrl) -> Optional.empty(), new ScriptedTokenEndpoint(), Map.of(), changes, Clock.systemUTC());
            List<ChatProvider> gateway = List.of(idle("openai"), idle("zai"));
            TaskClassifier classifier = new TaskClassifier();
            RoutingService router = new RoutingService(classifier::classify, rules, gateway, null,
                    (provider, access) -> idle(provider), credentials, new RecordingCircuits(), catalog,
                    new RoutingSettings(List.of(new RouteTarget("anthropic", "claude-sonnet-4-6"),
                            new RouteTarget("openai", "gpt-5.4"), new RouteTarget("zai", "glm-5")), false, false, true,
                            "You are Mosaic.", Duration.ofSeconds(1), null, 32_768, null), database.agents());
            // The decision is logged once per message at INFO; measure the step, not the console.
            java.util.logging.Logger.getLogger(RoutingService.class.getName()).setLevel(java.util.logging.Level.WARNING);

            for (int i = 0; i < rounds / 2; i++) {
                router.decide(user.id(), null, MESSAGES.get(i % MESSAGES.size()), 200);
            }
            long[] whole = new long[rounds];
            long[] classify = new long[rounds];
            for (int i = 0; i < rounds; i++) {
                String text = MESSAGES.get(i % MESSAGES.size());
                long start = System.nanoTime();
                classifier.classify(text);
                long classified = System.nanoTime();
                router.decide(user.id(), null, text, 200);
                whole[i] = System.nanoTime() - classified;
                classify[i] = classified - start;
            }
            Arrays.sort(whole);
            Arrays.sort(classify);
            System.out.printf(Locale.ROOT, "%nRouting step: %d messages after warm-up, %d cores, Java %s%n%n", rounds,
                    Runtime.getRuntime().availableProcessors(), Runtime.version());
            System.out.println("| part | p50 | p99 | max |");
            System.out.println("|---|---|---|---|");
            row("classification alone", classify);
            row("whole routing step (classify, rules and credentials from cache, chain walk)", whole);
        }
    }

    private static ChatProvider idle(String id) {
        return new ScriptedProvider(id, (request, listener, cancellation) -> {
            throw new IllegalStateException("routing calls no model");
        });
    }

    private static void row(String name, long[] sorted) {
        System.out.printf(Locale.ROOT, "| %s | %.3f ms | %.3f ms | %.3f ms |%n", name, sorted[sorted.length / 2] / 1e6,
                sorted[(int) Math.ceil(sorted.length * 0.99) - 1] / 1e6, sorted[sorted.length - 1] / 1e6);
    }
}
