package dev.mosaic.domain.conversation;

import dev.mosaic.domain.user.UserId;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A summary that stands in for the oldest messages of a conversation when they no longer fit the
 * model's context window. The messages themselves stay as they were; the checkpoint records which
 * ones it covers (every message up to and including {@code lastCovered}) and who wrote it.
 *
 * @param messagesCovered how many stored messages the summary replaces, a previous checkpoint's included
 * @param tokensCovered what those messages cost in tokens, as counted when the checkpoint was made
 * @param summaryTokens what the summary itself costs
 */
public record ContextCheckpoint(
        UUID id, ConversationId conversationId, UserId owner, String summary, MessageId firstCovered,
        MessageId lastCovered, int messagesCovered, long tokensCovered, long summaryTokens, String provider, String model,
        Instant createdAt) {

    public ContextCheckpoint {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(conversationId, "conversationId");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(summary, "summary");
        Objects.requireNonNull(firstCovered, "firstCovered");
        Objects.requireNonNull(lastCovered, "lastCovered");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(createdAt, "createdAt");
        if (messagesCovered < 1) {
            throw new IllegalArgumentException("a checkpoint covers at least one message");
        }
    }
}
