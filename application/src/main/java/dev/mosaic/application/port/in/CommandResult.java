package dev.mosaic.application.port.in;

import java.util.Map;

/**
 * What a slash command answered: text for a person and the same facts as data for a client.
 */
public record CommandResult(String command, String text, Map<String, Object> data) {
    public CommandResult {
        data = Map.copyOf(data);
    }
}
