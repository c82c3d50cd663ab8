package dev.mosaic.application.catalog;

import java.util.Objects;
import java.util.Set;

/**
 * A model as a provider's own model list describes it. Lists say very different amounts (OpenAI's
 * gives only ids, OpenRouter's gives prices and limits), so everything but the id may be unknown.
 *
 * @param displayName null when the list gives none
 * @param contextWindow tokens of prompt plus output, null when unknown (a zero or negative figure
 *     counts as unknown: some lists write 0 for "not stated")
 * @param maxOutput null when unknown, likewise
 * @param prices {@link Prices#UNKNOWN} when the list says nothing of prices
 * @param capabilities null when the list says nothing of capabilities; an empty set means "none"
 */
public record LiveModel(String id, String displayName, Integer contextWindow, Integer maxOutput, Prices prices,
        Set<Capability> capabilities) {

    public LiveModel {
        Objects.requireNonNull(id, "id");
        if (id.isBlank()) {
            throw new IllegalArgumentException("a model id cannot be blank");
        }
        displayName = displayName == null || displayName.isBlank() ? null : displayName;
        contextWindow = contextWindow == null || contextWindow <= 0 ? null : contextWindow;
        maxOutput = maxOutput == null || maxOutput <= 0 ? null : maxOutput;
        prices = prices == null ? Prices.UNKNOWN : prices;
        capabilities = capabilities == null ? null : Set.copyOf(capabilities);
    }

    /** A model known by its id alone, as OpenAI's and Ollama's lists give them. */
    public static LiveModel id(String id) {
        return new LiveModel(id, null, null, null, Prices.UNKNOWN, null);
    }
}
