package dev.mosaic.application.port.in;

import dev.mosaic.application.Page;
import dev.mosaic.domain.conversation.Conversation;
import dev.mosaic.domain.conversation.Message;

/** A conversation with one page of its messages, oldest first. */
public record ConversationPage(Conversation conversation, Page<Message> messages, boolean replyInProgress) {}
