package dev.mosaic.application.channel;

import java.util.Objects;

/**
 * How a channel is doing.
 *
 * @param sessions the clients connected now (connections, open streams, joined rooms)
 * @param detail one line for people
 */
public record ChannelHealth(State state, int sessions, String detail) {

    public enum State {
        /** Accepting messages. */
        UP,
        /** Started, but its far end (a homeserver, a bot API) cannot be reached; messages wait or fail. */
        DEGRADED,
        /** Not started, or stopped. */
        DOWN
    }

    public ChannelHealth {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(detail, "detail");
        if (sessions < 0) {
            throw new IllegalArgumentException("sessions must not be negative");
        }
        if (state == State.DOWN && sessions > 0) {
            throw new IllegalArgumentException("a channel that is down holds no sessions");
        }
    }
}
