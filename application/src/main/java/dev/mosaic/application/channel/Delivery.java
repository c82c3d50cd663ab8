package dev.mosaic.application.channel;

/** How a channel shows an answer while the model writes it. */
public enum Delivery {
    /** Every delta is relayed as it arrives. */
    STREAMED,
    /**
     * The channel has no streaming: it shows the answer once it is over (or, where the channel can
     * edit a sent message, as one message edited at intervals).
     */
    WHOLE
}
