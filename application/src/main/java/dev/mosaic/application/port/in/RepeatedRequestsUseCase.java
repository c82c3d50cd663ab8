package dev.mosaic.application.port.in;

import dev.mosaic.application.Rejection;
import dev.mosaic.domain.conversation.ConversationId;
import dev.mosaic.domain.conversation.Message;
import dev.mosaic.domain.conversation.MessageId;
import dev.mosaic.domain.user.UserId;

/**
 * Requests a client sends again under the same idempotency key (a retry after a lost answer): the
 * first one is answered, the later ones get its stored answer, so that nothing is asked or stored
 * twice. Keys are the acting user's own, per channel, for a day.
 */
public interface RepeatedRequestsUseCase {

    sealed interface Seen {
        /** The key is new: the request is answered, and {@link #answered} or {@link #refused} follows. */
        record First() implements Seen {}

        /** The first request with the key is still being answered. */
        record Running() implements Seen {}

        /** The first request's answer, as stored. */
        record Answered(ConversationId conversation, Message answer) implements Seen {}

        /** The key cannot be used: malformed, used for another question, or its answer deleted. */
        record Refused(Rejection rejection) implements Seen {}
    }

    /** @param question the message the request asks, so that a key sent again with another one is refused */
    Seen first(UserId actor, String channel, String key, String question);

    void answered(UserId actor, String channel, String key, String question, ConversationId conversation,
            MessageId answer);

    /** Nothing was stored for the request: a retry with the key may run. */
    void refused(UserId actor, String channel, String key);
}
