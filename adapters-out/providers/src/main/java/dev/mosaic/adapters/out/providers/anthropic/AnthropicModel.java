package dev.mosaic.adapters.out.providers.anthropic;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * A model the endpoint offers.
 *
 * @param displayName the name for people, or the id when none is given
 * @param maxInputTokens the context window, when the endpoint says (newer API versions do)
 */
public record AnthropicModel(String id, String displayName, OptionalInt maxInputTokens) {
    public AnthropicModel {
        Objects.requireNonNull(id, "id");
        displayName = displayName == null || displayName.isBlank() ? id : displayName;
        maxInputTokens = maxInputTokens == null ? OptionalInt.empty() : maxInputTokens;
    }
}
