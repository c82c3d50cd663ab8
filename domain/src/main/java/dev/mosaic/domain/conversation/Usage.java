package dev.mosaic.domain.conversation;

/**
 * Tokens a generation consumed. {@code inputTokens} counts the whole prompt, cached part included;
 * {@code cachedInputTokens} says how much of it was read from the provider's cache.
 */
public record Usage(long inputTokens, long outputTokens, long cachedInputTokens) {
    public static final Usage NONE = new Usage(0, 0, 0);

    public Usage {
        if (inputTokens < 0 || outputTokens < 0 || cachedInputTokens < 0) {
            throw new IllegalArgumentException("token counts cannot be negative");
        }
    }

    public long totalTokens() {
        return inputTokens + outputTokens;
    }
}
