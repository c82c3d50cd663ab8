package dev.mosaic.application.port.in;

import dev.mosaic.domain.conversation.ConversationId;
import dev.mosaic.domain.routing.RouteTarget;
import dev.mosaic.domain.user.UserId;
import java.util.Objects;
import java.util.Optional;

/**
 * Say something in a conversation, or start a new one when no id is given.
 *
 * @param requestId the client's own id for this message, echoed back so it can match replies; may be null
 * @param clientTools the tools the sending client runs itself
 * @param origin the sending client session, which the conversation's watchers are not sent the events of
 *     again (it has them); null when the sender watches nothing
 * @param model the model that answers this message only, over the conversation's pin and routing; null lets them decide
 */
public record SendMessageCommand(UserId actor, Optional<ConversationId> conversationId, String text, String requestId,
        ClientToolListener clientTools, String origin, RouteTarget model) {
    public SendMessageCommand {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(conversationId, "conversationId");
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("message text must not be empty");
        }
        clientTools = clientTools == null ? ClientToolListener.NONE : clientTools;
    }

    /** A message from a client that watches no conversation. */
    public SendMessageCommand(UserId actor, Optional<ConversationId> conversationId, String text, String requestId,
            ClientToolListener clientTools) {
        this(actor, conversationId, text, requestId, clientTools, null, null);
    }

    /** The same message, sent from a client session that watches its conversation. */
    public SendMessageCommand from(String session) {
        return new SendMessageCommand(actor, conversationId, text, requestId, clientTools, session, model);
    }

    /** A message from a client that offers no tools. */
    public SendMessageCommand(UserId actor, Optional<ConversationId> conversationId, String text, String requestId) {
        this(actor, conversationId, text, requestId, ClientToolListener.NONE);
    }

    /** The same message, answered by {@code pinned} (null: by the conversation's pin or routing). */
    public SendMessageCommand answeredBy(RouteTarget pinned) {
        return new SendMessageCommand(actor, conversationId, text, requestId, clientTools, origin, pinned);
    }
}
