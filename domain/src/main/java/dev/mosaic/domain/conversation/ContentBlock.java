package dev.mosaic.domain.conversation;

import java.util.Objects;

/** One typed part of a message. */
public sealed interface ContentBlock {

    record Text(String text) implements ContentBlock {
        public Text {
            Objects.requireNonNull(text, "text");
        }
    }

    /** Model reasoning. The signature, when a provider sends one, lets the block be sent back verbatim. */
    record Thinking(String text, String signature) implements ContentBlock {
        public Thinking {
            Objects.requireNonNull(text, "text");
        }
    }

    /** A request by the model to run a tool; arguments are the JSON text the model produced. */
    record ToolCall(String id, String name, String argumentsJson) implements ContentBlock {
        public ToolCall {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(name, "name");
            argumentsJson = argumentsJson == null || argumentsJson.isBlank() ? "{}" : argumentsJson;
        }
    }

    record ToolResult(String toolCallId, String content, boolean isError) implements ContentBlock {
        public ToolResult {
            Objects.requireNonNull(toolCallId, "toolCallId");
            Objects.requireNonNull(content, "content");
        }
    }
}
