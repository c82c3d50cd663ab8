package dev.mosaic.application.channel;

/**
 * A way into the gateway: it accepts messages in its own shape, attributes each to one Mosaic user,
 * hands it to the gateway as an {@link InboundMessage} and relays the conversation's events back.
 *
 * <p>Invariants every implementation keeps (the channel conformance kit checks them end to end):
 * <ul>
 *   <li>Nothing reaches the gateway before {@link #start()} or after {@link #stop()}.</li>
 *   <li>A message whose sender does not map to a Mosaic user is refused ({@link Identity.Refused}),
 *       never attributed to anyone; users are never created implicitly.</li>
 *   <li>{@link #stop()} is idempotent and never waits for replies: a reply under way goes on in the
 *       gateway and is stored, only its relaying stops.</li>
 *   <li>{@link #health()} answers at once and never throws.</li>
 * </ul>
 */
public interface ChannelAdapter {

    /** A stable lower-case name ({@code websocket}, {@code matrix}); it namespaces the channel's identities. */
    String name();

    /** Whether its clients see the answer grow or get it whole. */
    Delivery delivery();

    /** Starts accepting messages. */
    void start();

    /** Stops accepting messages and lets go of its clients. */
    void stop();

    ChannelHealth health();
}
