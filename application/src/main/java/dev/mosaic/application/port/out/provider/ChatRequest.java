package dev.mosaic.application.port.out.provider;

import dev.mosaic.domain.conversation.Message;
import java.util.List;
import java.util.Objects;

/**
 * What to send a model: the system prompt and the conversation so far, oldest first.
 *
 * @param maxOutputTokens 0 to let the provider decide
 */
public record ChatRequest(String model, String systemPrompt, List<Message> messages, int maxOutputTokens) {
    public ChatRequest {
        Objects.requireNonNull(model, "model");
        systemPrompt = systemPrompt == null ? "" : systemPrompt;
        messages = List.copyOf(messages);
        if (maxOutputTokens < 0) {
            throw new IllegalArgumentException("maxOutputTokens cannot be negative");
        }
    }
}
