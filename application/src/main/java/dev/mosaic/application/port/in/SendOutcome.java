package dev.mosaic.application.port.in;

import dev.mosaic.application.Rejection;
import dev.mosaic.domain.conversation.Message;

public sealed interface SendOutcome {

    /** The exchange took place; the reply is stored, complete or partial. */
    record Replied(Message userMessage, Message reply) implements SendOutcome {}

    /** Nothing was stored. */
    record Rejected(Rejection rejection) implements SendOutcome {}
}
