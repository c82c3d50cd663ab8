package dev.mosaic.channelconformance;

/** One person on the channel, speaking through the channel's own client. */
public interface Participant extends AutoCloseable {

    /**
     * Sends a message and waits until the exchange is over or refused.
     *
     * @param conversationId the conversation to go on with, or null for a new one
     */
    Exchange send(String conversationId, String text) throws Exception;

    /** Sends a message, stops its answer once some of it has arrived, and waits until the exchange is over. */
    Exchange sendAndAbort(String conversationId, String text) throws Exception;

    /** The conversation as stored, as this person may see it. */
    Stored open(String conversationId) throws Exception;

    @Override
    default void close() throws Exception {}
}
