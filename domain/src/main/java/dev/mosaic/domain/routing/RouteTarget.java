package dev.mosaic.domain.routing;

import dev.mosaic.domain.Violation;
import java.util.regex.Pattern;

/** A model of a provider, e.g. {@code anthropic/claude-opus-4-6}. */
public record RouteTarget(String provider, String model) {
    private static final Pattern PROVIDER = Pattern.compile("[a-z][a-z0-9-]{0,31}");

    public RouteTarget {
        if (provider == null || !PROVIDER.matcher(provider).matches()) {
            throw new Violation("provider", "must be a provider id such as anthropic or openai, not '" + provider + "'");
        }
        if (model == null || model.isBlank() || model.length() > 200 || !model.strip().equals(model)) {
            throw new Violation("model", "must name a model (1-200 characters, no surrounding spaces)");
        }
    }

    /**
     * Reads {@code provider/model}. OpenRouter's models carry a slash of their own
     * ({@code openrouter/anthropic/claude-sonnet-4.6}): only the first one separates.
     */
    public static RouteTarget parse(String text) {
        String s = text == null ? "" : text.strip();
        int slash = s.indexOf('/');
        if (slash <= 0 || slash == s.length() - 1) {
            throw new Violation("model", "must be written provider/model, e.g. anthropic/claude-opus-4-6, not '" + s + "'");
        }
        return new RouteTarget(s.substring(0, slash), s.substring(slash + 1));
    }

    @Override
    public String toString() {
        return provider + "/" + model;
    }
}
