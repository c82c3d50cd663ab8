package dev.mosaic.application.tool;

import dev.mosaic.domain.conversation.ConversationId;
import dev.mosaic.domain.user.UserId;
import java.util.Map;
import java.util.Objects;

/**
 * One call of a tool: who it acts for, in which conversation, and the arguments the model gave.
 *
 * @param arguments the model's arguments, already read as a JSON object
 */
public record ToolInvocation(UserId actor, ConversationId conversation, String callId, Map<String, Object> arguments) {
    public ToolInvocation {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(conversation, "conversation");
        Objects.requireNonNull(callId, "callId");
        arguments = Map.copyOf(arguments);
    }

    /** A string argument, or {@code fallback} when it is absent; a value of another type is refused. */
    public String text(String name, String fallback) {
        Object value = arguments.get(name);
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof String s)) {
            throw new IllegalArgumentException(name + " must be a string");
        }
        return s;
    }

    /** A whole-number argument within bounds, or {@code fallback} when it is absent. */
    public int number(String name, int fallback, int min, int max) {
        Object value = arguments.get(name);
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())
                || n.doubleValue() < min || n.doubleValue() > max) {
            throw new IllegalArgumentException(name + " must be a whole number from " + min + " to " + max);
        }
        return n.intValue();
    }
}
