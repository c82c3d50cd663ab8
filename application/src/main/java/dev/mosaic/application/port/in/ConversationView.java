package dev.mosaic.application.port.in;

import dev.mosaic.domain.conversation.Conversation;
import dev.mosaic.domain.conversation.Message;
import java.util.List;

/** A conversation with its messages, oldest first. */
public record ConversationView(Conversation conversation, List<Message> messages, boolean replyInProgress) {
    public ConversationView {
        messages = List.copyOf(messages);
    }
}
