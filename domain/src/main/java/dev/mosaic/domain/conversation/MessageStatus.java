package dev.mosaic.domain.conversation;

/** Lifecycle of a stored message. */
public enum MessageStatus {
    /** An assistant reply still being generated; its content is the part received so far. */
    STREAMING,
    /** Finished normally. */
    COMPLETE,
    /** Ended early: by an error, an abort, or a gateway restart. The content is what arrived. */
    PARTIAL
}
