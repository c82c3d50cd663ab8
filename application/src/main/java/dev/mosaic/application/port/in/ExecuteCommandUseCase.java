package dev.mosaic.application.port.in;

import dev.mosaic.application.Rejection;
import dev.mosaic.domain.conversation.ConversationId;
import dev.mosaic.domain.user.UserId;
import java.util.Optional;

/** Slash commands that need the gateway, such as {@code /history}. */
public interface ExecuteCommandUseCase {

    sealed interface Outcome {
        record Done(CommandResult result) implements Outcome {}

        record Rejected(Rejection rejection) implements Outcome {}
    }

    /**
     * @param commandLine the command as typed, with or without the leading slash, e.g. {@code /history}
     * @param conversation the conversation the client is in, if any
     */
    Outcome execute(UserId actor, String commandLine, Optional<ConversationId> conversation);
}
