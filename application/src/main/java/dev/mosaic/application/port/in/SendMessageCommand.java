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
 * @param model the model that answers this message only, over the conversation's pin and routing; null lets them decide
 */
public record SendMessageCommand(UserId actor, Optional<ConversationId> conversationId, String text, String requestId,
        ClientToolListener clientTools, RouteTarget model) {
    public SendMessageCommand {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(conversationId, "conversationId");
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("message text must not be empty");
        }
        clientTools = clientTools == null ? ClientToolListener.NONE : clientTools;
    }

    public SendMessageCommand(UserId actor, Optional<ConversationId> conversationId, String text, String requestId,
            ClientToolListener clientTools) {
        this(actor, conversationId, text, requestId, clientTools, null);
    }

    /** A message from a client that offers no tools. */
    public SendMessageCommand(UserId actor, Optional<ConversationId> conversationId, String text, String requestId) {
        this(actor, conversationId, text, requestId, ClientToolListener.NONE);
    }

    /** The same message, answered by {@code pinned} (null: by the conversation's pin or routing). */
    public SendMessageCommand answeredBy(RouteTarget pinned) {
        return new SendMessageCommand(actor, conversationId, text, requestId, clientTools, pinned);
    }
}
