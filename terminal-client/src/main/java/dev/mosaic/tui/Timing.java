package dev.mosaic.tui;

import java.time.Duration;

/**
 * How long a reply took. Either part is {@code null} when the gateway did not report it (no token
 * ever arrived, or an old message).
 */
public record Timing(Duration timeToFirstToken, Duration duration) {

    public static final Timing NONE = new Timing(null, null);
}
