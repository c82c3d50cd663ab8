package dev.mosaic.domain.routing;

/** What answering a message is worth paying for, from least to most. */
public enum CostTier implements Label {
    CHEAP,
    STANDARD,
    PREMIUM;

    public static CostTier parse(String text) {
        return Label.parse(CostTier.class, "costTier", text);
    }
}
