package dev.mosaic.application.service;

import dev.mosaic.application.ErrorCode;
import dev.mosaic.application.Rejection;
import dev.mosaic.application.port.in.CommandResult;
import dev.mosaic.application.port.in.ExecuteCommandUseCase;
import dev.mosaic.application.port.out.Conversations;
import dev.mosaic.domain.conversation.Conversation;
import dev.mosaic.domain.conversation.ConversationId;
import dev.mosaic.domain.conversation.Message;
import dev.mosaic.domain.user.UserId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/** The slash commands the gateway answers. Client-side ones (/new, /quit) never reach it. */
public final class CommandService implements ExecuteCommandUseCase {

    static final String HELP = """
            /history   messages in this conversation and how much of the model's window they use
            /model     the model that answers and why
            /help      this list""";

    private final Conversations conversations;
    private final ContextManager context;
    private final Function<UserId, ChatSettings> settings;

    /** @param settings what answers a user's next message */
    public CommandService(Conversations conversations, ContextManager context, Function<UserId, ChatSettings> settings) {
        this.conversations = Objects.requireNonNull(conversations);
        this.context = Objects.requireNonNull(context);
        this.settings = Objects.requireNonNull(settings);
    }

    @Override
    public Outcome execute(UserId actor, String commandLine, Optional<ConversationId> conversation) {
        String line = commandLine == null ? "" : commandLine.strip();
        String name = (line.startsWith("/") ? line.substring(1) : line).split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
        return switch (name) {
            case "history" -> history(actor, conversation);
            case "model" -> model(actor);
            case "help" -> new Outcome.Done(new CommandResult("help", HELP, Map.of()));
            default -> new Outcome.Rejected(new Rejection(ErrorCode.UNKNOWN_COMMAND,
                    "unknown command '/" + name + "'; try /help"));
        };
    }

    private Outcome history(UserId actor, Optional<ConversationId> conversation) {
        ChatSettings chosen = settings.apply(actor);
        if (conversation.isEmpty()) {
            return new Outcome.Done(new CommandResult("history", "No conversation yet: send a message to start one.",
                    Map.of("messages", 0, "contextTokens", 0, "contextWindow", chosen.contextWindow())));
        }
        Optional<Conversation> found = conversations.find(actor, conversation.get());
        if (found.isEmpty()) {
            return new Outcome.Rejected(Rejection.notFound("conversation"));
        }
        List<Message> messages = conversations.messages(actor, conversation.get());
        ContextManager.Status status = context.status(actor, found.get(), messages, chosen);
        double share = 100.0 * status.tokensInContext() / chosen.contextWindow();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("conversationId", conversation.get().toString());
        data.put("messages", messages.size());
        data.put("contextTokens", status.tokensInContext());
        data.put("contextWindow", chosen.contextWindow());
        data.put("checkpoints", status.checkpoints());
        data.put("messagesInCheckpoints", status.messagesCovered());
        String text = String.format(Locale.ROOT,
                "%d messages; about %,d of %,d context tokens in use (%.1f%%) on %s/%s; %s",
                messages.size(), status.tokensInContext(), chosen.contextWindow(), share, chosen.provider(), chosen.model(),
                status.checkpoints() == 0 ? "no checkpoints"
                        : status.checkpoints() + " checkpoint(s), the latest summarizing the first "
                                + status.messagesCovered() + " messages");
        return new Outcome.Done(new CommandResult("history", text, data));
    }

    private Outcome model(UserId actor) {
        ChatSettings chosen = settings.apply(actor);
        String text = chosen.provider() + "/" + chosen.model() + " (" + chosen.reason() + ")";
        return new Outcome.Done(new CommandResult("model", text, Map.of(
                "provider", chosen.provider(), "model", chosen.model(), "reason", chosen.reason(),
                "simulated", chosen.simulated(), "contextWindow", chosen.contextWindow())));
    }
}
