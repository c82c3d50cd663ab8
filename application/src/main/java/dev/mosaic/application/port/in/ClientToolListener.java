package dev.mosaic.application.port.in;

import dev.mosaic.application.tool.ToolOutput;
import dev.mosaic.application.tool.ToolSpec;
import dev.mosaic.domain.conversation.ConversationId;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The tools the client that sent a message runs itself, and the way to ask it to run one: the
 * inbound adapter implements it for its connection.
 */
public interface ClientToolListener {

    ClientToolListener NONE = new ClientToolListener() {
        @Override
        public List<ToolSpec> offered() {
            return List.of();
        }

        @Override
        public CompletableFuture<ToolOutput> call(ConversationId conversation, String callId, String name,
                String arguments) {
            return CompletableFuture.completedFuture(ToolOutput.error("no client offers " + name));
        }

        @Override
        public void forget(String callId) {}
    };

    /** What the client offers now. */
    List<ToolSpec> offered();

    /**
     * Asks the client to run a call, without waiting: the future ends with the client's answer, or
     * with an error output when the client cannot be asked (it went away).
     */
    CompletableFuture<ToolOutput> call(ConversationId conversation, String callId, String name, String arguments);

    /** The answer to {@code callId} is no longer awaited (it timed out, or the reply was aborted). */
    void forget(String callId);
}
