package dev.mosaic.application.service;

import dev.mosaic.application.ErrorCode;
import dev.mosaic.application.Rejection;
import dev.mosaic.application.port.in.CommandResult;
import dev.mosaic.application.port.in.ExecuteCommandUseCase;
import dev.mosaic.application.port.out.Conversations;
import dev.mosaic.domain.conversation.ConversationId;
import dev.mosaic.domain.conversation.Message;
import dev.mosaic.domain.conversation.Role;
import dev.mosaic.domain.user.UserId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/** The slash commands the gateway answers. Client-side ones (/new, /quit) never reach it. */
public final class CommandService implements ExecuteCommandUseCase {

    static final String HELP = """
            /history   messages in this conversation and how much of the model's window they use
            /model     the model that answers and why
            /help      this list""";

    private final Conversations conversations;
    private final Supplier<ChatSettings> settings;

    public CommandService(Conversations conversations, Supplier<ChatSettings> settings) {
        this.conversations = Objects.requireNonNull(conversations);
        this.settings = Objects.requireNonNull(settings);
    }

    @Override
    public Outcome execute(UserId actor, String commandLine, Optional<ConversationId> conversation) {
        String line = commandLine == null ? "" : commandLine.strip();
        String name = (line.startsWith("/") ? line.substring(1) : line).split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
        return switch (name) {
            case "history" -> history(actor, conversation);
            case "model" -> model();
            case "help" -> new Outcome.Done(new CommandResult("help", HELP, Map.of()));
            default -> new Outcome.Rejected(new Rejection(ErrorCode.UNKNOWN_COMMAND,
                    "unknown command '/" + name + "'; try /help"));
        };
    }

    private Outcome history(UserId actor, Optional<ConversationId> conversation) {
        ChatSettings chosen = settings.get();
        if (conversation.isEmpty()) {
            return new Outcome.Done(new CommandResult("history", "No conversation yet: send a message to start one.",
                    Map.of("messages", 0, "contextTokens", 0, "contextWindow", chosen.contextWindow())));
        }
        if (conversations.find(actor, conversation.get()).isEmpty()) {
            return new Outcome.Rejected(Rejection.notFound("conversation"));
        }
        List<Message> messages = conversations.messages(actor, conversation.get());
        long contextTokens = contextTokens(messages);
        double share = 100.0 * contextTokens / chosen.contextWindow();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("conversationId", conversation.get().toString());
        data.put("messages", messages.size());
        data.put("contextTokens", contextTokens);
        data.put("contextWindow", chosen.contextWindow());
        String text = String.format(Locale.ROOT, "%d messages; about %,d of %,d context tokens in use (%.1f%%) on %s/%s",
                messages.size(), contextTokens, chosen.contextWindow(), share, chosen.provider(), chosen.model());
        return new Outcome.Done(new CommandResult("history", text, data));
    }

    /**
     * Tokens the conversation occupies: what the provider reported for the latest reply (its whole
     * prompt plus its output), plus an estimate of about four characters a token for anything said
     * after it.
     */
    static long contextTokens(List<Message> messages) {
        long tokens = 0;
        int from = 0;
        for (int i = messages.size() - 1; i >= 0; i--) {
            Message m = messages.get(i);
            if (m.role() == Role.ASSISTANT && m.generation().usage().totalTokens() > 0) {
                tokens = m.generation().usage().totalTokens();
                from = i + 1;
                break;
            }
        }
        for (int i = from; i < messages.size(); i++) {
            tokens += (messages.get(i).text().length() + 3) / 4;
        }
        return tokens;
    }

    private Outcome model() {
        ChatSettings chosen = settings.get();
        String text = chosen.provider() + "/" + chosen.model() + " (" + chosen.reason() + ")";
        return new Outcome.Done(new CommandResult("model", text, Map.of(
                "provider", chosen.provider(), "model", chosen.model(), "reason", chosen.reason(),
                "simulated", chosen.simulated(), "contextWindow", chosen.contextWindow())));
    }
}
