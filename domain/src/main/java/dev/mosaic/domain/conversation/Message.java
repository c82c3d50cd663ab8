package dev.mosaic.domain.conversation;

import dev.mosaic.domain.user.UserId;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One stored message of a conversation.
 *
 * @param generation how an assistant message was produced; null for user and tool messages
 */
public record Message(
        MessageId id,
        ConversationId conversationId,
        UserId owner,
        Role role,
        List<ContentBlock> content,
        MessageStatus status,
        Generation generation,
        Instant createdAt) {

    public Message {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(conversationId, "conversationId");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        content = List.copyOf(content);
        if (role == Role.ASSISTANT && generation == null) {
            throw new IllegalArgumentException("an assistant message records how it was generated");
        }
    }

    public static Message fromUser(Conversation conversation, String text, Instant now) {
        return new Message(MessageId.random(), conversation.id(), conversation.owner(), Role.USER,
                List.of(new ContentBlock.Text(text)), MessageStatus.COMPLETE, null, now);
    }

    /** The empty assistant message stored when a reply starts, so that a crash leaves a trace. */
    public static Message assistantStarted(Conversation conversation, String provider, String model, Instant now) {
        return new Message(MessageId.random(), conversation.id(), conversation.owner(), Role.ASSISTANT,
                List.of(), MessageStatus.STREAMING, Generation.started(provider, model), now);
    }

    public Message withProgress(List<ContentBlock> blocks, Generation generation, MessageStatus status) {
        return new Message(id, conversationId, owner, role, blocks, status, generation, createdAt);
    }

    /** All text blocks joined, which is what a person reads. */
    public String text() {
        StringBuilder out = new StringBuilder();
        for (ContentBlock block : content) {
            if (block instanceof ContentBlock.Text(String text)) {
                out.append(text);
            }
        }
        return out.toString();
    }
}
