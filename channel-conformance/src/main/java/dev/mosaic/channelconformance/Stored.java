package dev.mosaic.channelconformance;

import java.util.List;

/**
 * A conversation as the gateway stored it, or why it could not be seen.
 *
 * @param errorCode the gateway's code when the conversation was refused, else null
 */
public record Stored(List<Turn> turns, String errorCode) {

    /** One stored message: its role ({@code user}, {@code assistant}), its text and its status. */
    public record Turn(String role, String text, String status) {}

    public Stored {
        turns = List.copyOf(turns);
    }

    public static Stored refused(String errorCode) {
        return new Stored(List.of(), errorCode);
    }
}
