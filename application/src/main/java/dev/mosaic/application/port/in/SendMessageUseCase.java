package dev.mosaic.application.port.in;

/**
 * Stores the user's message, asks a model, relays the reply to the listener as it streams and
 * stores it as it grows. Blocks until the reply ended; a listener that goes away mid-reply does
 * not stop it.
 */
public interface SendMessageUseCase {
    SendOutcome send(SendMessageCommand command, ConversationEventListener listener);
}
