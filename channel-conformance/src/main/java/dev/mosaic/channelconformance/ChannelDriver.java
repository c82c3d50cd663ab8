package dev.mosaic.channelconformance;

import java.time.Duration;
import java.util.List;

/** How the suite reaches one channel of a running gateway; each channel's tests implement it. */
public interface ChannelDriver {

    /** Whether the channel's clients see the answer grow (several pieces) rather than whole (one). */
    boolean streams();

    /**
     * Whether its clients can stop an answer under way. A channel that sends answers whole over a
     * request that cannot be cancelled mid-answer cannot; the abort test is then skipped, visibly.
     */
    default boolean canAbort() {
        return true;
    }

    /** A new Mosaic user, let in the way the channel lets people in (a token, a linked account). */
    Participant newParticipant() throws Exception;

    /** Someone the channel cannot map to any Mosaic user. */
    Participant stranger() throws Exception;

    /** What the model answers next: these pieces, each after this pause. */
    void nextAnswer(List<String> pieces, Duration pause);
}
