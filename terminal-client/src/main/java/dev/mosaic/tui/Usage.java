package dev.mosaic.tui;

/** Tokens a reply used, as the provider reported them (zero when it did not). */
public record Usage(long inputTokens, long outputTokens, long cachedInputTokens) {

    public static final Usage NONE = new Usage(0, 0, 0);
}
