package dev.mosaic.application.port.in;

import dev.mosaic.application.event.ConversationEvent;

/** Receives a reply as it is produced. A listener that throws is treated as a client that left. */
@FunctionalInterface
public interface ConversationEventListener {
    void on(ConversationEvent event);
}
