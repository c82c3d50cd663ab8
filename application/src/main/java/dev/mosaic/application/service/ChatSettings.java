package dev.mosaic.application.service;

import java.time.Duration;
import java.util.Objects;

/**
 * Which model answers and how. Until routing exists this is one configured choice, and
 * {@code reason} says so to the user.
 *
 * @param simulated true when the provider is the built-in simulator, so every answer is labelled as such
 * @param flushInterval how often a growing reply is written to the database while it streams
 */
public record ChatSettings(
        String provider, String model, int contextWindow, String systemPrompt, String reason, boolean simulated,
        Duration flushInterval) {

    public ChatSettings {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(flushInterval, "flushInterval");
        systemPrompt = systemPrompt == null ? "" : systemPrompt;
        if (contextWindow <= 0) {
            throw new IllegalArgumentException("contextWindow must be positive");
        }
    }
}
