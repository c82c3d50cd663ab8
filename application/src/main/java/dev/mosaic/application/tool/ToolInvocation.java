package dev.mosaic.application.tool;

import dev.mosaic.domain.conversation.ConversationId;
import dev.mosaic.domain.user.UserId;
import java.util.Objects;

/**
 * One call of a tool: who it acts for, in which conversation, and the arguments the model gave.
 *
 * @param arguments the model's arguments, a JSON object as text (already checked to be one)
 */
public record ToolInvocation(UserId actor, ConversationId conversation, String callId, String arguments) {
    public ToolInvocation {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(conversation, "conversation");
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(arguments, "arguments");
    }
}
