package dev.mosaic.application.view;

import dev.mosaic.domain.conversation.ConversationId;
import java.time.Instant;

/** A conversation as listed: enough to pick one. */
public record ConversationSummary(ConversationId id, String title, Instant createdAt, Instant lastActivity,
        long messageCount, boolean archived) {}
