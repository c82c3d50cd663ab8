package dev.mosaic.application.channel;

import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ChannelHealthTest {

    @Test
    void aChannelThatIsDownHoldsNoSessions() {
        new ChannelHealth(ChannelHealth.State.DOWN, 0, "stopped");
        new ChannelHealth(ChannelHealth.State.DEGRADED, 3, "homeserver unreachable");
        assertThrows(IllegalArgumentException.class, () -> new ChannelHealth(ChannelHealth.State.DOWN, 1, "stopped"));
        assertThrows(IllegalArgumentException.class, () -> new ChannelHealth(ChannelHealth.State.UP, -1, "up"));
    }
}
