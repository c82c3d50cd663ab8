package dev.mosaic.application.view;

import dev.mosaic.domain.conversation.ConversationId;
import dev.mosaic.domain.conversation.MessageId;
import dev.mosaic.domain.conversation.Role;
import java.time.Instant;

/**
 * A message that matched a search.
 *
 * @param snippet the best passages of the message, with each match between {@code «} and {@code »}
 * @param rank higher is more relevant
 */
public record SearchHit(ConversationId conversationId, String conversationTitle, MessageId messageId, Role role,
        Instant createdAt, String snippet, double rank) {}
