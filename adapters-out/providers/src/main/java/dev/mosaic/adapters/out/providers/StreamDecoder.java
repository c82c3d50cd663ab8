package dev.mosaic.adapters.out.providers;

import dev.mosaic.application.port.out.provider.ChatStreamListener;
import dev.mosaic.application.port.out.provider.ProviderError;
import dev.mosaic.application.port.out.provider.ProviderReply;
import java.io.IOException;

/**
 * What one wire protocol contributes to a streaming call: it reads the stream's events into a
 * {@link ReplyBuilder}, which passes deltas to the listener as they come. {@link ProviderTransport}
 * owns the connection, the timeouts and cancellation, and calls a decoder from one thread at a time.
 * One decoder serves one reply.
 */
public abstract class StreamDecoder {
    protected final ProviderErrors errors;
    protected final ReplyBuilder reply;

    protected StreamDecoder(String requestedModel, ChatStreamListener listener, ProviderErrors errors) {
        this.errors = errors;
        this.reply = new ReplyBuilder(requestedModel, listener);
    }

    /**
     * Takes one event: a server-sent event's type (null without an {@code event:} line) and data, or
     * one line of newline-delimited JSON (type null).
     *
     * @return the reply when this event ends it (a terminal event, or an in-band error), else null
     * @throws IOException when the data cannot be read at all (not JSON): the reply fails as malformed
     */
    public abstract ProviderReply accept(String type, String data) throws IOException;

    /** The body ended before {@link #accept} returned a reply. */
    public abstract ProviderReply endOfStream();

    /** What has arrived so far, ended by this error. */
    public final ProviderReply fail(ProviderError error) {
        return reply.fail(error);
    }
}
