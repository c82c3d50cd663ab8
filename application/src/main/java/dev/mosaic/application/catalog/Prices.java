package dev.mosaic.application.catalog;

import java.math.BigDecimal;

/**
 * USD per million tokens; each price is null when unknown.
 *
 * @param cachedInput the price of prompt tokens read from the provider's cache; when null, cached
 *     tokens cost the input price
 */
public record Prices(BigDecimal input, BigDecimal output, BigDecimal cachedInput) {
    public static final Prices UNKNOWN = new Prices(null, null, null);
    public static final Prices FREE = new Prices(BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO);

    public Prices {
        requireNotNegative(input, "input");
        requireNotNegative(output, "output");
        requireNotNegative(cachedInput, "cachedInput");
    }

    /** Prices written as decimal strings, e.g. {@code perMillion("3", "15", "0.30")}; null for unknown. */
    public static Prices perMillion(String input, String output, String cachedInput) {
        return new Prices(decimal(input), decimal(output), decimal(cachedInput));
    }

    /** Whether a cost can be computed: input and output prices are both known. */
    public boolean known() {
        return input != null && output != null;
    }

    /** Each price this one leaves unknown is taken from {@code fallback}. */
    public Prices orElse(Prices fallback) {
        return new Prices(input != null ? input : fallback.input, output != null ? output : fallback.output,
                cachedInput != null ? cachedInput : fallback.cachedInput);
    }

    private static BigDecimal decimal(String value) {
        return value == null ? null : new BigDecimal(value);
    }

    private static void requireNotNegative(BigDecimal price, String name) {
        if (price != null && price.signum() < 0) {
            throw new IllegalArgumentException(name + " price cannot be negative: " + price);
        }
    }
}
