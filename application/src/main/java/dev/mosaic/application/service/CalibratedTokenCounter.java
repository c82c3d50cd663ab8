package dev.mosaic.application.service;

import dev.mosaic.application.port.out.TokenCounter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token counter corrected by what providers report: after each reply, the ratio of the prompt
 * tokens the provider counted to the ones estimated for the same request scales later counts for
 * that model. Where the base counter is exact the ratio stays near 1 and only absorbs the
 * per-message overhead of the wire format.
 */
public final class CalibratedTokenCounter {
    private static final double MIN_FACTOR = 0.5;
    private static final double MAX_FACTOR = 2.0;

    private final TokenCounter base;
    private final Map<String, Double> factors = new ConcurrentHashMap<>();

    public CalibratedTokenCounter(TokenCounter base) {
        this.base = base;
    }

    public long count(String model, String text) {
        return Math.round(uncorrected(model, text) * factor(model));
    }

    /** What the underlying counter says, before the correction; stable for a given text, so cacheable. */
    long uncorrected(String model, String text) {
        return base.count(model, text);
    }

    double factor(String model) {
        return factors.getOrDefault(model, 1.0);
    }

    /** Learns from one request: what was estimated (with the current factor) and what the provider reported. */
    void observe(String model, long estimated, long reported) {
        if (estimated <= 0 || reported <= 0) {
            return;
        }
        double current = factors.getOrDefault(model, 1.0);
        double corrected = current * reported / estimated;
        // Smoothed, so one odd reply cannot swing the budget.
        factors.put(model, Math.clamp(0.7 * current + 0.3 * corrected, MIN_FACTOR, MAX_FACTOR));
    }

    /** About four characters a token: the usual ratio for English text when no tokenizer is known. */
    public static long estimate(String text) {
        return (text.length() + 3) / 4;
    }
}
