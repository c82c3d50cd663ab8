package dev.mosaic.application.port.in;

import dev.mosaic.domain.conversation.ConversationId;
import dev.mosaic.domain.user.UserId;
import java.util.List;
import java.util.Optional;

/**
 * Which conversation a client that resends the whole history each time goes on with, when it does
 * not name one: the one of the acting user, from the same channel, whose stored turns are exactly
 * the earlier turns it sent.
 */
public interface ContinueConversationUseCase {

    /**
     * One turn as a client's history holds it: {@code user}, {@code assistant} or {@code tool}; its
     * text; and the ids of the tool calls it makes (an assistant's) or answers (a tool turn's, the
     * client's results), in order.
     */
    record Turn(String role, String text, List<String> toolCallIds) {
        public Turn {
            toolCallIds = List.copyOf(toolCallIds);
        }

        /** A turn of text alone. */
        public Turn(String role, String text) {
            this(role, text, List.of());
        }
    }

    /** The conversation whose stored turns are {@code earlier}, when exactly one of the actor's is. */
    Optional<ConversationId> continued(UserId actor, String channel, List<Turn> earlier);

    /** Whether the conversation's stored turns are {@code earlier}, turn for turn. */
    boolean holds(UserId actor, ConversationId conversation, List<Turn> earlier);

    /** A reply in the conversation ended: a client may now send its turns as the next history. */
    void answered(UserId actor, String channel, ConversationId conversation);
}
