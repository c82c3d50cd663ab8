package dev.mosaic.tui;

import java.util.List;
import java.util.Objects;

/** A frame the client sends; {@link Frames#write} turns it into JSON. Optional fields may be {@code null}. */
public sealed interface ClientFrame {

    /** {@code message:send}: without a conversation id the gateway starts a new conversation. */
    record Send(String text, String conversationId, String requestId) implements ClientFrame {
        public Send {
            Objects.requireNonNull(text, "text");
        }
    }

    /** {@code message:abort}. */
    record Abort(String conversationId) implements ClientFrame {
        public Abort {
            Objects.requireNonNull(conversationId, "conversationId");
        }
    }

    /** {@code conversation:open}. */
    record Open(String conversationId) implements ClientFrame {
        public Open {
            Objects.requireNonNull(conversationId, "conversationId");
        }
    }

    /** {@code command:execute}, e.g. {@code /history}. */
    record Command(String command, String conversationId) implements ClientFrame {
        public Command {
            Objects.requireNonNull(command, "command");
        }
    }

    /** {@code tools:offer}: the tools this client runs itself; replaces an earlier offer. */
    record OfferTools(List<ToolSpec> tools) implements ClientFrame {
        public OfferTools {
            tools = List.copyOf(tools);
        }
    }

    /** {@code tool:result}: the answer to a {@code tool:call}. */
    record ToolAnswer(String callId, String content, boolean isError) implements ClientFrame {
        public ToolAnswer {
            Objects.requireNonNull(callId, "callId");
            Objects.requireNonNull(content, "content");
        }
    }

    /** {@code ping}. */
    record Ping() implements ClientFrame {}
}
