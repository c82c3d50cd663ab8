package dev.mosaic.application.service;

import static dev.mosaic.application.catalog.Capability.EMBEDDING;
import static dev.mosaic.application.catalog.Capability.REASONING;
import static dev.mosaic.application.catalog.Capability.STREAMING;
import static dev.mosaic.application.catalog.Capability.TOOLS;
import static dev.mosaic.application.catalog.Capability.VISION;

import dev.mosaic.application.catalog.Capability;
import dev.mosaic.application.catalog.LiveModel;
import dev.mosaic.application.catalog.ModelInfo;
import dev.mosaic.application.catalog.ModelInfo.Source;
import dev.mosaic.application.catalog.Prices;
import dev.mosaic.application.catalog.Tier;
import dev.mosaic.application.port.in.ListModelsQuery;
import dev.mosaic.domain.conversation.Usage;
import java.math.BigDecimal;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The model catalog: Mosaic's own figures for the models it knows (the seed), merged with what each
 * provider's model list says, and the price of a reply computed from them.
 *
 * <p>Request threads read while a refresher merges: the catalog is an immutable map replaced whole
 * by each merge, so a reader sees a provider's list either entirely before or entirely after a
 * merge, never half of it, and reads take no lock. Merges are serialised so none is lost.
 */
public final class ModelCatalogService implements ListModelsQuery {
    /** The provider id under which models run locally, without per-token prices. */
    public static final String LOCAL_PROVIDER = "ollama";

    /**
     * Suffixes naming the same model as the bare id: Ollama's default tag ({@code llama3.2:latest})
     * and dated snapshots ({@code claude-haiku-4-5-20251001}, {@code gpt-5.4-2026-03-05}), which
     * providers list and report in usage while people configure the alias.
     */
    private static final Pattern SAME_MODEL_SUFFIX = Pattern.compile("(:latest|-\\d{8}|-\\d{4}-\\d{2}-\\d{2})$");

    private static final Comparator<ModelInfo> ORDER = Comparator.comparing(ModelInfo::provider).thenComparing(ModelInfo::id);

    private record Key(String provider, String model) {
        static Key of(String provider, String model) {
            return new Key(provider, SAME_MODEL_SUFFIX.matcher(model).replaceFirst(""));
        }
    }

    private final Map<Key, ModelInfo> seeds;
    private final Object merging = new Object();
    private volatile Map<Key, ModelInfo> models;

    /** A catalog of the built-in {@link #seedModels() seed models}. */
    public ModelCatalogService() {
        this(seedModels());
    }

    public ModelCatalogService(List<ModelInfo> seeds) {
        Map<Key, ModelInfo> byKey = new HashMap<>();
        for (ModelInfo seed : seeds) {
            if (byKey.put(Key.of(seed.provider(), seed.id()), seed) != null) {
                throw new IllegalArgumentException("the seed names " + seed.provider() + "/" + seed.id() + " twice");
            }
        }
        this.seeds = Map.copyOf(byKey);
        this.models = this.seeds;
    }

    /**
     * Replaces what is known from {@code provider}'s list by {@code live}: its figures fill in or
     * override the seed's, models unknown to the seed are added (tier {@link Tier#LOCAL} for
     * {@value #LOCAL_PROVIDER}, else {@link Tier#STANDARD}), and models of an earlier list that this
     * one lacks are dropped. Seed models the list lacks stay, as {@link Source#SEED}: a provider may
     * simply not offer them to this account, or Ollama may not have pulled them yet.
     */
    public void merge(String provider, List<LiveModel> live) {
        Objects.requireNonNull(provider, "provider");
        synchronized (merging) {
            Map<Key, ModelInfo> next = new HashMap<>();
            models.forEach((key, model) -> {
                if (!key.provider().equals(provider)) {
                    next.put(key, model);
                }
            });
            seeds.forEach((key, seed) -> {
                if (key.provider().equals(provider)) {
                    next.put(key, seed);
                }
            });
            for (LiveModel model : live) {
                Key key = Key.of(provider, model.id());
                ModelInfo seed = seeds.get(key);
                next.put(key, seed == null ? unknown(provider, model) : combined(seed, model));
            }
            models = Map.copyOf(next);
        }
    }

    /** The model, also when named by its {@code :latest} tag or a dated snapshot of it. */
    public Optional<ModelInfo> find(String provider, String model) {
        return Optional.ofNullable(models.get(Key.of(provider, model)));
    }

    @Override
    public List<ModelInfo> list() {
        return models.values().stream().sorted(ORDER).toList();
    }

    /**
     * Why a routing rule cannot name this model, empty when it can: the provider must be one the
     * catalog has models of, and the model one of them, as a person might mistype either.
     */
    public Optional<String> whyNotRoutable(dev.mosaic.domain.routing.RouteTarget target) {
        List<ModelInfo> all = list();
        if (all.stream().noneMatch(m -> m.provider().equals(target.provider()))) {
            return Optional.of("unknown provider '" + target.provider() + "'; known: " + all.stream().map(ModelInfo::provider)
                    .distinct().sorted().collect(java.util.stream.Collectors.joining(", ")));
        }
        if (find(target.provider(), target.model()).filter(m -> !m.capabilities().contains(EMBEDDING)).isPresent()) {
            return Optional.empty();
        }
        List<ModelInfo> near = similarTo(target.toString(), 3);
        return Optional.of("unknown model '" + target + "'" + (near.isEmpty() ? "" : "; did you mean "
                + near.stream().map(m -> m.provider() + "/" + m.id()).collect(java.util.stream.Collectors.joining(", ")) + "?"));
    }

    /**
     * Up to {@code max} chat models whose {@code provider/id} is closest to what a person typed, for a
     * "did you mean" (edit distance, ignoring case).
     */
    public List<ModelInfo> similarTo(String typed, int max) {
        String wanted = typed.strip().toLowerCase(Locale.ROOT);
        return models.values().stream()
                .filter(m -> !m.capabilities().contains(EMBEDDING))
                .map(m -> Map.entry(m, Math.min(distance(wanted, m.id().toLowerCase(Locale.ROOT)),
                        distance(wanted, (m.provider() + "/" + m.id()).toLowerCase(Locale.ROOT)))))
                .filter(e -> e.getValue() <= Math.max(3, wanted.length() / 3))
                .sorted(Map.Entry.<ModelInfo, Integer>comparingByValue().thenComparing(e -> e.getKey().id()))
                .limit(max)
                .map(Map.Entry::getKey)
                .toList();
    }

    /** Levenshtein distance. */
    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    /**
     * What a generation cost in USD: uncached prompt tokens at the input price, cached ones at the
     * cached-input price (the input price when none is known), output tokens at the output price.
     * Empty when the model or its input or output price is unknown: an unknown cost is not zero.
     */
    public Optional<BigDecimal> costOf(String provider, String model, Usage usage) {
        Objects.requireNonNull(usage, "usage");
        return find(provider, model).map(ModelInfo::prices).filter(Prices::known).map(prices -> {
            // A provider reporting more cached than prompt tokens would otherwise make a negative count.
            long cached = Math.min(usage.cachedInputTokens(), usage.inputTokens());
            BigDecimal cachedPrice = prices.cachedInput() != null ? prices.cachedInput() : prices.input();
            return prices.input().multiply(BigDecimal.valueOf(usage.inputTokens() - cached))
                    .add(cachedPrice.multiply(BigDecimal.valueOf(cached)))
                    .add(prices.output().multiply(BigDecimal.valueOf(usage.outputTokens())))
                    .movePointLeft(6);
        });
    }

    private static ModelInfo combined(ModelInfo seed, LiveModel live) {
        return new ModelInfo(seed.provider(), seed.id(),
                live.displayName() != null ? live.displayName() : seed.displayName(),
                seed.tier(),
                live.contextWindow() != null ? live.contextWindow() : seed.contextWindow(),
                live.maxOutput() != null ? live.maxOutput() : seed.maxOutput(),
                live.capabilities() != null ? live.capabilities() : seed.capabilities(),
                live.prices().orElse(seed.prices()),
                Source.MERGED);
    }

    private static ModelInfo unknown(String provider, LiveModel live) {
        boolean local = provider.equals(LOCAL_PROVIDER);
        return new ModelInfo(provider, live.id(), live.displayName(), local ? Tier.LOCAL : Tier.STANDARD,
                live.contextWindow(), live.maxOutput(), live.capabilities(),
                local ? live.prices().orElse(Prices.FREE) : live.prices(), Source.LIVE);
    }

    /**
     * Mosaic's own figures, from the vendors' published price lists and model cards as of early
     * 2026. Prices are USD per million tokens at standard (not batch, not long-context) rates.
     * Figures marked "unsure" could not be checked against a primary source; a provider's live list,
     * where it states them, overrides them.
     */
    public static List<ModelInfo> seedModels() {
        Set<Capability> frontier = Set.of(TOOLS, VISION, REASONING, STREAMING);
        return List.of(
                // Anthropic: cache reads cost a tenth of the input price. The 200k window is the
                // default; 1M is a beta for Opus/Sonnet at higher long-context prices.
                seed("anthropic", "claude-opus-4-6", "Claude Opus 4.6", Tier.PREMIUM, 200_000,
                        128_000, // unsure: 128k output as announced for Opus 4.6
                        frontier, Prices.perMillion("5", "25", "0.50")),
                seed("anthropic", "claude-sonnet-4-6", "Claude Sonnet 4.6", Tier.STANDARD, 200_000, 64_000,
                        frontier, Prices.perMillion("3", "15", "0.30")),
                seed("anthropic", "claude-haiku-4-5", "Claude Haiku 4.5", Tier.CHEAP, 200_000, 64_000,
                        frontier, Prices.perMillion("1", "5", "0.10")),
                // Window and output per the Codex catalog in docs/providers/protocol-notes.md.
                // Through a ChatGPT subscription there is no per-token bill; the API price is what the
                // same usage would cost, which is what cost tracking wants to show.
                seed("openai", "gpt-5.4", "GPT-5.4 (Codex)", Tier.PREMIUM, 272_000, 128_000,
                        frontier, Prices.perMillion("2.50", "15", "0.25")), // unsure: prices
                // Window per docs/providers/protocol-notes.md; text only (vision is the separate GLM-5V line).
                seed("zai", "glm-5", "GLM-5", Tier.CHEAP, 204_800,
                        131_072, // unsure: max output
                        Set.of(TOOLS, REASONING, STREAMING), Prices.perMillion("1", "3.20", "0.20")), // unsure: prices
                // Ollama: local, so free. The windows are what Ollama's /api/show reports (the
                // model's trained length); a request gets num_ctx, often less.
                seed(LOCAL_PROVIDER, "llama3.2", "Llama 3.2 3B", Tier.LOCAL, 131_072, null,
                        Set.of(TOOLS, STREAMING), Prices.FREE),
                seed(LOCAL_PROVIDER, "nomic-embed-text", "Nomic Embed Text", Tier.LOCAL, 2_048, null,
                        Set.of(EMBEDDING), Prices.FREE),
                seed(LOCAL_PROVIDER, "mxbai-embed-large", "mxbai-embed-large", Tier.LOCAL, 512, null,
                        Set.of(EMBEDDING), Prices.FREE));
    }

    private static ModelInfo seed(String provider, String id, String name, Tier tier, Integer contextWindow,
            Integer maxOutput, Set<Capability> capabilities, Prices prices) {
        return new ModelInfo(provider, id, name, tier, contextWindow, maxOutput, capabilities, prices, Source.SEED);
    }
}
