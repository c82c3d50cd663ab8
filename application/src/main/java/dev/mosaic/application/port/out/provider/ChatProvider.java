package dev.mosaic.application.port.out.provider;

/**
 * A model provider, reached through one wire protocol.
 *
 * <p>{@link #stream} blocks the calling (virtual) thread while the reply arrives, hands every delta
 * to the listener as it comes, and returns the final reply. It never throws: an error before or
 * during the stream is returned as a reply carrying a {@link ProviderError} and whatever content
 * had arrived.
 */
public interface ChatProvider {

    /** The provider's name as users see it, e.g. {@code openai} or {@code simulator}. */
    String id();

    ProviderReply stream(ChatRequest request, ChatStreamListener listener, Cancellation cancellation);
}
