package dev.mosaic.application.port.in;

import java.util.Map;

/**
 * What a slash command answered: text for a person and the same facts as data for a client.
 */
public record CommandResult(String command, String text, Map<String, Object> data) {
    public CommandResult {
        // Unmodifiable but ordered, and a fact may be null (unknown).
        data = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(data));
    }
}
