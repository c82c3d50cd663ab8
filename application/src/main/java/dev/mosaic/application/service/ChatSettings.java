package dev.mosaic.application.service;

import java.time.Duration;
import java.util.Objects;

/**
 * Which model answers and how. Until routing exists this is one configured choice, and
 * {@code reason} says so to the user.
 *
 * @param simulated true when the provider is the built-in simulator, so every answer is labelled as such
 * @param flushInterval how often a growing reply is written to the database while it streams
 * @param summarizerModel the model, of the same provider, that writes context checkpoints
 */
public record ChatSettings(
        String provider, String model, int contextWindow, String systemPrompt, String reason, boolean simulated,
        Duration flushInterval, String summarizerModel) {

    public ChatSettings {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(flushInterval, "flushInterval");
        systemPrompt = systemPrompt == null ? "" : systemPrompt;
        summarizerModel = summarizerModel == null || summarizerModel.isBlank() ? model : summarizerModel;
        if (contextWindow <= 0) {
            throw new IllegalArgumentException("contextWindow must be positive");
        }
    }

    /** The same settings, with {@code block} after the system prompt (what the model should know of the user). */
    public ChatSettings withPromptAfter(String block) {
        String prompt = systemPrompt.isBlank() ? block : systemPrompt + "\n\n" + block;
        return new ChatSettings(provider, model, contextWindow, prompt, reason, simulated, flushInterval, summarizerModel);
    }

    public ChatSettings withReason(String why) {
        return new ChatSettings(provider, model, contextWindow, systemPrompt, why, simulated, flushInterval, summarizerModel);
    }
}
