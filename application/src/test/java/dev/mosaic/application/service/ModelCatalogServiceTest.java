package dev.mosaic.application.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.application.catalog.Capability;
import dev.mosaic.application.catalog.LiveModel;
import dev.mosaic.application.catalog.ModelInfo;
import dev.mosaic.application.catalog.ModelInfo.Source;
import dev.mosaic.application.catalog.Prices;
import dev.mosaic.application.catalog.Tier;
import dev.mosaic.domain.conversation.Usage;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ModelCatalogServiceTest {

    private static final ModelInfo SONNET = new ModelInfo("anthropic", "claude-sonnet-4-6", "Claude Sonnet 4.6",
            Tier.STANDARD, 200_000, 64_000, Set.of(Capability.TOOLS, Capability.STREAMING),
            Prices.perMillion("3", "15", "0.30"), Source.SEED);
    private static final ModelInfo LLAMA = new ModelInfo("ollama", "llama3.2", "Llama 3.2 3B", Tier.LOCAL, 131_072,
            null, Set.of(Capability.TOOLS), Prices.FREE, Source.SEED);

    private static ModelCatalogService catalog() {
        return new ModelCatalogService(List.of(SONNET, LLAMA));
    }

    private static void assertMoney(String expected, Optional<BigDecimal> actual) {
        assertTrue(actual.isPresent(), "a cost was expected");
        assertEquals(0, new BigDecimal(expected).compareTo(actual.get()), () -> "expected " + expected + " but was " + actual.get());
    }

    // ---------------------------------------------------------------- seed

    @Test
    void theSeedHoldsTheAgreedModelsSortedByProviderThenId() {
        List<String> names = new ModelCatalogService().list().stream().map(m -> m.provider() + "/" + m.id()).toList();

        assertEquals(List.of("anthropic/claude-haiku-4-5", "anthropic/claude-opus-4-6", "anthropic/claude-sonnet-4-6",
                "ollama/llama3.2", "ollama/mxbai-embed-large", "ollama/nomic-embed-text", "openai/gpt-5.4", "zai/glm-5"), names);
    }

    @Test
    void seedModelsCarryTheirTierLimitsCapabilitiesAndPrices() {
        ModelCatalogService catalog = new ModelCatalogService();

        ModelInfo opus = catalog.find("anthropic", "claude-opus-4-6").orElseThrow();
        assertEquals(Tier.PREMIUM, opus.tier());
        assertEquals(200_000, opus.contextWindow());
        assertEquals(Prices.perMillion("5", "25", "0.50"), opus.prices());
        assertTrue(opus.capabilities().containsAll(Set.of(Capability.TOOLS, Capability.VISION, Capability.REASONING)));
        assertEquals(Source.SEED, opus.source());
        assertEquals(Tier.CHEAP, catalog.find("anthropic", "claude-haiku-4-5").orElseThrow().tier());
        assertEquals(272_000, catalog.find("openai", "gpt-5.4").orElseThrow().contextWindow());
        assertEquals(204_800, catalog.find("zai", "glm-5").orElseThrow().contextWindow());

        for (ModelInfo model : catalog.list()) {
            assertTrue(model.prices().known(), () -> model.id() + " has no seed prices");
            assertTrue(model.contextWindow() != null, () -> model.id() + " has no seed context window");
            assertEquals(model.provider().equals("ollama"), model.tier() == Tier.LOCAL, model::id);
        }
        ModelInfo embedder = catalog.find("ollama", "nomic-embed-text").orElseThrow();
        assertEquals(Set.of(Capability.EMBEDDING), embedder.capabilities());
        assertEquals(Optional.of(BigDecimal.ZERO), catalog.costOf("ollama", "nomic-embed-text", new Usage(1000, 0, 0))
                .map(BigDecimal::stripTrailingZeros));
    }

    @Test
    void aSeedNamingOneModelTwiceIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ModelCatalogService(List.of(SONNET, SONNET)));
    }

    // ---------------------------------------------------------------- merge

    @Test
    void liveFiguresOverrideTheSeedsAndMarkTheModelMerged() {
        ModelCatalogService catalog = catalog();

        catalog.merge("anthropic", List.of(new LiveModel("claude-sonnet-4-6", "Sonnet 4.6 (live)", 1_000_000, 128_000,
                Prices.perMillion("6", "22.50", null), Set.of(Capability.TOOLS, Capability.VISION))));

        ModelInfo merged = catalog.find("anthropic", "claude-sonnet-4-6").orElseThrow();
        assertEquals("Sonnet 4.6 (live)", merged.displayName());
        assertEquals(1_000_000, merged.contextWindow());
        assertEquals(128_000, merged.maxOutput());
        assertEquals(Set.of(Capability.TOOLS, Capability.VISION), merged.capabilities());
        // The live list gave no cached price, so the seed's stays.
        assertEquals(Prices.perMillion("6", "22.50", "0.30"), merged.prices());
        assertEquals(Tier.STANDARD, merged.tier());
        assertEquals(Source.MERGED, merged.source());
    }

    @Test
    void whatTheLiveListLeavesUnsaidIsFilledFromTheSeed() {
        ModelCatalogService catalog = catalog();

        // Anthropic's list names the dated snapshot and states only the window.
        catalog.merge("anthropic", List.of(new LiveModel("claude-sonnet-4-6-20260217", null, 180_000, null, null, null)));

        ModelInfo merged = catalog.find("anthropic", "claude-sonnet-4-6").orElseThrow();
        assertEquals(new ModelInfo("anthropic", "claude-sonnet-4-6", "Claude Sonnet 4.6", Tier.STANDARD, 180_000, 64_000,
                SONNET.capabilities(), SONNET.prices(), Source.MERGED), merged);
        assertEquals(Optional.of(merged), catalog.find("anthropic", "claude-sonnet-4-6-20260217"));
        assertEquals(2, catalog.list().size());
    }

    @Test
    void ollamasLatestTagIsTheSeedModel() {
        ModelCatalogService catalog = catalog();

        catalog.merge("ollama", List.of(new LiveModel("llama3.2:latest", null, 8_192, null, null, null)));

        ModelInfo llama = catalog.find("ollama", "llama3.2:latest").orElseThrow();
        assertEquals("llama3.2", llama.id());
        assertEquals(8_192, llama.contextWindow());
        assertEquals(Source.MERGED, llama.source());
    }

    @Test
    void modelsTheSeedDoesNotKnowAreAddedWithAnInferredTier() {
        ModelCatalogService catalog = catalog();

        catalog.merge("openrouter", List.of(new LiveModel("x-ai/grok-4.20", "xAI: Grok 4.20", 2_000_000, null,
                Prices.perMillion("2", "6", "0.2"), Set.of(Capability.VISION))));
        catalog.merge("openai", List.of(LiveModel.id("gpt-4o")));
        catalog.merge("ollama", List.of(LiveModel.id("deepseek-r1:latest")));

        assertEquals(new ModelInfo("openrouter", "x-ai/grok-4.20", "xAI: Grok 4.20", Tier.STANDARD, 2_000_000, null,
                Set.of(Capability.VISION), Prices.perMillion("2", "6", "0.2"), Source.LIVE),
                catalog.find("openrouter", "x-ai/grok-4.20").orElseThrow());
        ModelInfo bare = catalog.find("openai", "gpt-4o").orElseThrow();
        assertEquals(new ModelInfo("openai", "gpt-4o", "gpt-4o", Tier.STANDARD, null, null, Set.of(), Prices.UNKNOWN,
                Source.LIVE), bare);
        ModelInfo local = catalog.find("ollama", "deepseek-r1").orElseThrow();
        assertEquals(Tier.LOCAL, local.tier());
        assertEquals(Prices.FREE, local.prices(), "a local model costs nothing per token");
        assertEquals(Source.LIVE, local.source());
    }

    @Test
    void aNewListReplacesTheProvidersPreviousOneButKeepsItsSeedModelsAndOtherProviders() {
        ModelCatalogService catalog = catalog();
        catalog.merge("anthropic", List.of(new LiveModel("claude-sonnet-4-6", "live", 1_000_000, null, null, null),
                LiveModel.id("claude-retired-1")));
        catalog.merge("ollama", List.of(LiveModel.id("qwen3")));

        catalog.merge("anthropic", List.of(LiveModel.id("claude-new-1")));

        assertEquals(List.of("anthropic/claude-new-1", "anthropic/claude-sonnet-4-6", "ollama/llama3.2", "ollama/qwen3"),
                catalog.list().stream().map(m -> m.provider() + "/" + m.id()).toList());
        assertEquals(SONNET, catalog.find("anthropic", "claude-sonnet-4-6").orElseThrow(),
                "the earlier live figures are gone with the list that stated them");
    }

    @Test
    void liveListsCountZeroLimitsAsUnknown() {
        LiveModel model = new LiveModel("m", " ", 0, -1, null, null);

        assertEquals(new LiveModel("m", null, null, null, Prices.UNKNOWN, null), model);
    }

    // ---------------------------------------------------------------- cost

    @Test
    void costIsInputAndOutputAtTheirPricesPerMillion() {
        // 1,000 in at $3/M + 500 out at $15/M = 0.003 + 0.0075
        assertMoney("0.0105", catalog().costOf("anthropic", "claude-sonnet-4-6", new Usage(1_000, 500, 0)));
    }

    @Test
    void cachedTokensAreTakenOutOfTheInputAndChargedAtTheCachedPrice() {
        // inputTokens includes the cached ones: 200,000 uncached at $3/M = 0.6,
        // 800,000 cached at $0.30/M = 0.24, 10,000 out at $15/M = 0.15.
        assertMoney("0.99", catalog().costOf("anthropic", "claude-sonnet-4-6", new Usage(1_000_000, 10_000, 800_000)));
    }

    @Test
    void withoutACachedPriceCachedTokensCostTheInputPrice() {
        ModelCatalogService catalog = catalog();
        catalog.merge("openrouter", List.of(new LiveModel("m", null, null, null, Prices.perMillion("2", "8", null), null)));

        assertMoney("2.8", catalog.costOf("openrouter", "m", new Usage(1_000_000, 100_000, 400_000)));
    }

    @Test
    void moreCachedThanPromptTokensNeverMakesANegativeCost() {
        // Cached is capped at the prompt: 1,000 cached at $0.30/M and nothing uncached.
        assertMoney("0.0003", catalog().costOf("anthropic", "claude-sonnet-4-6", new Usage(1_000, 0, 5_000)));
    }

    @Test
    void smallUsageKeepsItsFractionsOfACent() {
        assertMoney("0.000018", catalog().costOf("anthropic", "claude-sonnet-4-6", new Usage(1, 1, 0)));
    }

    @Test
    void anUnknownModelOrUnknownPricesGiveNoCostRatherThanZero() {
        ModelCatalogService catalog = catalog();
        catalog.merge("openai", List.of(LiveModel.id("gpt-4o"),
                new LiveModel("half-priced", null, null, null, Prices.perMillion("1", null, null), null)));
        Usage usage = new Usage(100, 100, 0);

        assertEquals(Optional.empty(), catalog.costOf("openai", "gpt-4o", usage));
        assertEquals(Optional.empty(), catalog.costOf("openai", "half-priced", usage));
        assertEquals(Optional.empty(), catalog.costOf("openai", "never-heard-of", usage));
        assertEquals(Optional.empty(), catalog.costOf("zai", "claude-sonnet-4-6", usage), "prices are per provider");
    }

    @Test
    void localModelsCostNothing() {
        assertMoney("0", catalog().costOf("ollama", "llama3.2:latest", new Usage(50_000, 2_000, 0)));
    }

    @Test
    void pricesCannotBeNegative() {
        assertThrows(IllegalArgumentException.class, () -> Prices.perMillion("-1", "1", null));
    }

    // ---------------------------------------------------------------- concurrency

    /**
     * Readers must never see half a merge: each refresher writes a whole batch of models tagged with
     * its round, so a reader finding two rounds in one provider's list has seen a torn update. And
     * with several refreshers at once, no provider's last merge may be lost.
     */
    @Test
    void requestThreadsReadWholeListsWhileRefreshersMerge() throws Exception {
        ModelCatalogService catalog = catalog();
        List<String> providers = List.of("anthropic", "openai", "openrouter", "zai");
        int rounds = 300;
        int batch = 20;
        AtomicBoolean merging = new AtomicBoolean(true);
        ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
        CountDownLatch start = new CountDownLatch(1);

        List<Thread> readers = new ArrayList<>();
        for (int r = 0; r < 4; r++) {
            readers.add(Thread.ofPlatform().start(() -> {
                await(start);
                while (merging.get()) {
                    try {
                        Map<String, Set<String>> roundsSeen = catalog.list().stream()
                                .filter(m -> m.source() == Source.LIVE)
                                .collect(Collectors.groupingBy(ModelInfo::provider,
                                        Collectors.mapping(ModelInfo::displayName, Collectors.toSet())));
                        roundsSeen.forEach((provider, seen) -> {
                            if (seen.size() != 1) {
                                problems.add(provider + " " + seen);
                            }
                        });
                        long count = catalog.list().stream().filter(m -> m.source() == Source.LIVE && m.provider().equals("openai")).count();
                        if (count != 0 && count != batch) {
                            problems.add("openai had " + count + " live models");
                        }
                        catalog.costOf("anthropic", "claude-sonnet-4-6", new Usage(10, 10, 0)).orElseThrow();
                    } catch (RuntimeException e) {
                        problems.add("a reader failed: " + e);
                    }
                }
            }));
        }
        List<Thread> refreshers = providers.stream().map(provider -> Thread.ofPlatform().start(() -> {
            await(start);
            try {
                for (int round = 0; round < rounds; round++) {
                    String tag = "round " + round;
                    catalog.merge(provider, IntStream.range(0, batch)
                            .mapToObj(i -> new LiveModel("model-" + i, tag, 1_000 + i, null, null, null))
                            .toList());
                }
            } catch (RuntimeException e) {
                problems.add("a refresher failed: " + e);
            }
        })).toList();

        start.countDown();
        for (Thread refresher : refreshers) {
            assertTrue(refresher.join(Duration.ofSeconds(30)), "a refresher did not finish");
        }
        merging.set(false);
        for (Thread reader : readers) {
            assertTrue(reader.join(Duration.ofSeconds(30)), "a reader did not finish");
        }

        assertEquals(List.of(), List.copyOf(problems));
        for (String provider : providers) {
            List<ModelInfo> live = catalog.list().stream()
                    .filter(m -> m.provider().equals(provider) && m.source() == Source.LIVE).toList();
            assertEquals(batch, live.size(), provider);
            assertTrue(live.stream().allMatch(m -> m.displayName().equals("round " + (rounds - 1))), provider);
        }
        assertEquals(SONNET, catalog.find("anthropic", "claude-sonnet-4-6").orElseThrow());
    }

    private static void await(CountDownLatch latch) {
        try {
                assertTrue(latch.await(10, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
