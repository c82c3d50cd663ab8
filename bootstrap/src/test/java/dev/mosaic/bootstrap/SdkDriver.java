package dev.mosaic.bootstrap;

import dev.mosaic.channelconformance.ChannelDriver;
import dev.mosaic.channelconformance.Participant;
import dev.mosaic.simulator.Reply;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * A chat-API channel driven through a provider's own SDK for the conformance kit: streamed answers,
 * or whole ones. A whole answer cannot be stopped by its client: the gateway hears of a client that
 * left only when it writes, and it writes once, at the end.
 */
abstract class SdkDriver implements ChannelDriver {

    final GatewayHarness harness;
    final boolean stream;

    SdkDriver(GatewayHarness harness, boolean stream) {
        this.harness = harness;
        this.stream = stream;
    }

    /** Someone holding {@code token}, talking through the SDK. */
    abstract Participant participant(String token);

    @Override
    public final boolean streams() {
        return stream;
    }

    @Override
    public final boolean canAbort() {
        return stream;
    }

    @Override
    public final Participant newParticipant() {
        return participant(harness.newUser());
    }

    @Override
    public final Participant stranger() {
        return participant("mosaic_" + UUID.randomUUID());
    }

    @Override
    public final void nextAnswer(List<String> pieces, Duration pause) {
        harness.simulator().script(Reply.text(pieces.toArray(String[]::new)).withTokenDelay(pause));
    }
}
