package dev.mosaic.application.service;

import dev.mosaic.application.port.in.ManageMemoryUseCase;
import dev.mosaic.application.port.in.ManageMemoryUseCase.Outcome;
import dev.mosaic.application.port.out.TokenCounter;
import dev.mosaic.application.view.InsightHit;
import dev.mosaic.application.view.InsightSearch;
import dev.mosaic.domain.memory.Preference;
import dev.mosaic.domain.user.UserId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Logger;

/**
 * What the model is told of the user's memory before an answer: their preferences, and the insights
 * most relevant to the message, each within a token budget. Memory never holds an answer up for long:
 * when the embedding model fails or is slower than the timeout, the answer goes on without insights
 * and {@link Recalled#unavailable()} says why, for the user.
 */
public final class MemoryContext {
    private static final Logger LOG = Logger.getLogger(MemoryContext.class.getName());

    /**
     * @param preferenceTokens the most tokens the preferences take; those past it, in key order, are left out
     * @param insightTokens the most tokens the insights take
     * @param topK at most this many insights
     * @param minSimilarity an insight less similar to the message than this is not given
     * @param timeout how long finding the insights may take
     * @param countingModel the model whose tokenizer measures the budgets
     */
    public record Settings(int preferenceTokens, int insightTokens, int topK, double minSimilarity, Duration timeout,
            String countingModel) {
        public static final Settings DEFAULTS = new Settings(300, 600, 5, 0.6, Duration.ofSeconds(2), "gpt-4o");

        public Settings {
            if (topK < 1 || topK > ManageMemoryUseCase.MAX_RESULTS) {
                throw new IllegalArgumentException("topK must be from 1 to " + ManageMemoryUseCase.MAX_RESULTS);
            }
            Objects.requireNonNull(timeout, "timeout");
            Objects.requireNonNull(countingModel, "countingModel");
        }

        public Settings withTimeout(Duration timeout) {
            return new Settings(preferenceTokens, insightTokens, topK, minSimilarity, timeout, countingModel);
        }

        public Settings withMinSimilarity(double minSimilarity) {
            return new Settings(preferenceTokens, insightTokens, topK, minSimilarity, timeout, countingModel);
        }
    }

    /**
     * The memory for one answer.
     *
     * @param preferences the preferences given, in key order
     * @param insights the insights given, most relevant first: what the client is told the model knows
     * @param unavailable why no insights could be looked for, for the user; empty when they were
     */
    public record Recalled(List<Preference> preferences, List<InsightHit> insights, Optional<String> unavailable) {
        /** No memory at all: a user who has none, or a gateway that keeps none. */
        public static final Recalled NOTHING = new Recalled(List.of(), List.of(), Optional.empty());

        public Recalled {
            preferences = List.copyOf(preferences);
            insights = List.copyOf(insights);
            Objects.requireNonNull(unavailable, "unavailable");
        }

        /** Whether there is anything to give the model or to tell the user. */
        public boolean isEmpty() {
            return preferences.isEmpty() && insights.isEmpty() && unavailable.isEmpty();
        }

        /** The text for the system prompt, or "" when there is nothing to tell. */
        public String systemBlock() {
            StringBuilder block = new StringBuilder();
            if (!preferences.isEmpty()) {
                block.append("The user's preferences:\n");
                preferences.forEach(p -> block.append(preferenceLine(p)));
            }
            if (!insights.isEmpty()) {
                block.append(block.isEmpty() ? "" : "\n").append("What you remember about the user:\n");
                insights.forEach(h -> block.append(insightLine(h)));
            }
            return block.toString();
        }
    }

    private final ManageMemoryUseCase memory;
    private final TokenCounter tokens;
    private final Settings settings;
    private final Executor searches = Executors.newVirtualThreadPerTaskExecutor();

    public MemoryContext(ManageMemoryUseCase memory, TokenCounter tokens, Settings settings) {
        this.memory = Objects.requireNonNull(memory, "memory");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** The actor's preferences and the insights relevant to the message; the insights given count as used. */
    public Recalled recall(UserId actor, String message) {
        List<Preference> preferences = withinBudget(memory.preferences(actor), settings.preferenceTokens(),
                MemoryContext::preferenceLine);
        if (message == null || message.isBlank()) {
            return new Recalled(preferences, List.of(), Optional.empty());
        }
        // A long message is searched by its beginning, which is most often what it is about.
        String query = message.length() > ManageMemoryUseCase.MAX_QUERY_LENGTH
                ? message.substring(0, ManageMemoryUseCase.MAX_QUERY_LENGTH) : message;
        CompletableFuture<Outcome<InsightSearch>> search = CompletableFuture.supplyAsync(
                () -> memory.search(actor, query, settings.topK()), searches);
        Outcome<InsightSearch> found;
        try {
            found = search.get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            search.cancel(true);
            return withoutInsights(preferences, "memory was not searched: it took longer than "
                    + settings.timeout().toMillis() + " ms");
        } catch (ExecutionException e) {
            LOG.warning(() -> "memory search failed: " + e.getCause());
            return withoutInsights(preferences, "memory was not searched: " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return withoutInsights(preferences, "memory was not searched: interrupted");
        }
        return switch (found) {
            case Outcome.Rejected<InsightSearch> rejected -> withoutInsights(preferences, rejected.rejection().message());
            case Outcome.Done<InsightSearch>(InsightSearch hits) -> {
                List<InsightHit> relevant = hits.hits().stream().filter(h -> h.similarity() >= settings.minSimilarity())
                        .sorted((a, b) -> Double.compare(b.relevance(), a.relevance()))
                        .toList();
                List<InsightHit> given = withinBudget(relevant, settings.insightTokens(), MemoryContext::insightLine);
                if (!given.isEmpty()) {
                    memory.markUsed(actor, given.stream().map(h -> h.insight().id()).toList());
                }
                yield new Recalled(preferences, given, Optional.empty());
            }
        };
    }

    private static Recalled withoutInsights(List<Preference> preferences, String why) {
        return new Recalled(preferences, List.of(), Optional.of(why));
    }

    /** The leading items whose lines fit in the budget together. */
    private <T> List<T> withinBudget(List<T> items, int budget, java.util.function.Function<T, String> line) {
        List<T> kept = new ArrayList<>();
        long used = 0;
        for (T item : items) {
            used += tokens.count(settings.countingModel(), line.apply(item));
            if (used > budget) {
                break;
            }
            kept.add(item);
        }
        return kept;
    }

    private static String preferenceLine(Preference preference) {
        return "- " + preference.key() + ": " + preference.value() + "\n";
    }

    private static String insightLine(InsightHit hit) {
        return "- " + hit.insight().text() + "\n";
    }
}
