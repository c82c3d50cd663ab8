package dev.mosaic.application.catalog;

import java.util.Objects;
import java.util.Set;

/**
 * What the gateway knows of one model of one provider.
 *
 * @param displayName for people; the id when nothing better is known
 * @param contextWindow tokens of prompt plus output, null when unknown
 * @param maxOutput the most tokens one reply may have, null when unknown
 * @param source where the figures come from
 */
public record ModelInfo(String provider, String id, String displayName, Tier tier, Integer contextWindow,
        Integer maxOutput, Set<Capability> capabilities, Prices prices, Source source) {

    public enum Source {
        /** Only Mosaic's own list: the provider's list has not been read, or does not name the model. */
        SEED,
        /** Only the provider's list: a model Mosaic has no figures of its own for. */
        LIVE,
        /** Mosaic's own figures, completed or corrected by the provider's list. */
        MERGED
    }

    public ModelInfo {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(source, "source");
        displayName = displayName == null || displayName.isBlank() ? id : displayName;
        requirePositive(contextWindow, "contextWindow");
        requirePositive(maxOutput, "maxOutput");
        capabilities = capabilities == null ? Set.of() : Set.copyOf(capabilities);
        prices = prices == null ? Prices.UNKNOWN : prices;
    }

    private static void requirePositive(Integer tokens, String name) {
        if (tokens != null && tokens <= 0) {
            throw new IllegalArgumentException(name + " must be positive when known: " + tokens);
        }
    }
}
