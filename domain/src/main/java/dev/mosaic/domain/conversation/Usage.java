package dev.mosaic.domain.conversation;

/**
 * Tokens a generation consumed. {@code inputTokens} counts the whole prompt, cached part included;
 * {@code cachedInputTokens} says how much of it was read from the provider's cache.
 *
 * @param estimated true when the provider reported nothing (an aborted or failed reply) and the
 *     gateway counted the tokens itself
 */
public record Usage(long inputTokens, long outputTokens, long cachedInputTokens, boolean estimated) {
    public static final Usage NONE = new Usage(0, 0, 0);

    public Usage {
        if (inputTokens < 0 || outputTokens < 0 || cachedInputTokens < 0) {
            throw new IllegalArgumentException("token counts cannot be negative");
        }
    }

    /** Tokens the provider reported. */
    public Usage(long inputTokens, long outputTokens, long cachedInputTokens) {
        this(inputTokens, outputTokens, cachedInputTokens, false);
    }

    /** Tokens the gateway counted itself because the provider reported none. */
    public static Usage estimated(long inputTokens, long outputTokens) {
        return new Usage(inputTokens, outputTokens, 0, true);
    }

    /** Whether the provider reported nothing at all. */
    public boolean isEmpty() {
        return inputTokens == 0 && outputTokens == 0 && cachedInputTokens == 0;
    }

    public long totalTokens() {
        return inputTokens + outputTokens;
    }
}
