package dev.mosaic.application.port.in;

import dev.mosaic.application.event.ConversationEvent;
import java.util.List;
import dev.mosaic.application.Rejection;
import dev.mosaic.domain.conversation.ConversationId;
import dev.mosaic.domain.user.UserId;
import java.util.Optional;

/** Slash commands that need the gateway, such as {@code /history}. */
public interface ExecuteCommandUseCase {

    sealed interface Outcome {
        /** @param events what the client hears after the result, e.g. the new model after {@code /model <id>} */
        record Done(CommandResult result, List<ConversationEvent> events) implements Outcome {
            public Done {
                events = List.copyOf(events);
            }

            public Done(CommandResult result) {
                this(result, List.of());
            }
        }

        record Rejected(Rejection rejection) implements Outcome {}
    }

    /**
     * @param commandLine the command as typed, with or without the leading slash, e.g. {@code /history}
     * @param conversation the conversation the client is in, if any
     */
    Outcome execute(UserId actor, String commandLine, Optional<ConversationId> conversation);
}
