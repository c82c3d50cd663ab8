package dev.mosaic.application.port.out.provider;

import dev.mosaic.application.tool.ToolSpec;
import dev.mosaic.domain.conversation.Message;
import java.util.List;
import java.util.Objects;

/**
 * What to send a model: the system prompt, the conversation so far (oldest first) and the tools it
 * may call.
 *
 * @param maxOutputTokens 0 to let the provider decide
 * @param tools offered to the model, in this order; empty for none
 */
public record ChatRequest(String model, String systemPrompt, List<Message> messages, int maxOutputTokens,
        List<ToolSpec> tools) {
    public ChatRequest {
        Objects.requireNonNull(model, "model");
        systemPrompt = systemPrompt == null ? "" : systemPrompt;
        messages = List.copyOf(messages);
        if (maxOutputTokens < 0) {
            throw new IllegalArgumentException("maxOutputTokens cannot be negative");
        }
        tools = tools == null ? List.of() : List.copyOf(tools);
    }

    /** A request that offers no tools. */
    public ChatRequest(String model, String systemPrompt, List<Message> messages, int maxOutputTokens) {
        this(model, systemPrompt, messages, maxOutputTokens, List.of());
    }
}
