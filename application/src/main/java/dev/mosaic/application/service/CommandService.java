package dev.mosaic.application.service;

import dev.mosaic.application.ErrorCode;
import dev.mosaic.application.Rejection;
import dev.mosaic.application.catalog.ModelInfo;
import dev.mosaic.application.event.ConversationEvent;
import dev.mosaic.application.port.in.CommandResult;
import dev.mosaic.application.port.in.ExecuteCommandUseCase;
import dev.mosaic.application.port.out.Agents;
import dev.mosaic.application.port.out.Conversations;
import dev.mosaic.application.view.RoutedReply;
import dev.mosaic.domain.agent.AgentConfig;
import dev.mosaic.domain.conversation.Conversation;
import dev.mosaic.domain.conversation.ConversationId;
import dev.mosaic.domain.conversation.Message;
import dev.mosaic.domain.routing.DecisionTree;
import dev.mosaic.domain.routing.RoutingDecision;
import dev.mosaic.domain.user.UserId;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/** The slash commands the gateway answers. Client-side ones (/new, /quit) never reach it. */
public final class CommandService implements ExecuteCommandUseCase {

    static final String HELP = """
            /history      messages in this conversation and how much of the model's window they use
            /model        the models that can answer you now, with context window and price
            /model <id>   pin a model (provider/model or its id) for this conversation's next messages
            /model auto   hand the choice back to routing
            /agent        the agents you can use, and the conversation's
            /agent <name> answer this conversation's next messages as that agent (its prompt, tools and model)
            /why          why the last answer came from the model it came from
            /help         this list""";

    private final Conversations conversations;
    private final ContextManager context;
    private final RoutingService router;
    private final Agents agents;

    public CommandService(Conversations conversations, ContextManager context, RoutingService router, Agents agents) {
        this.conversations = Objects.requireNonNull(conversations);
        this.context = Objects.requireNonNull(context);
        this.router = Objects.requireNonNull(router);
        this.agents = Objects.requireNonNull(agents);
    }

    @Override
    public Outcome execute(UserId actor, String commandLine, Optional<ConversationId> conversation) {
        String line = commandLine == null ? "" : commandLine.strip();
        String[] words = (line.startsWith("/") ? line.substring(1) : line).split("\\s+", 2);
        String name = words[0].toLowerCase(Locale.ROOT);
        String argument = words.length > 1 ? words[1].strip() : "";
        return switch (name) {
            case "history" -> history(actor, conversation);
            case "model" -> argument.isEmpty() ? models(actor, conversation) : pin(actor, conversation, argument);
            case "agent" -> argument.isEmpty() ? agents(actor, conversation) : switchAgent(actor, conversation, argument);
            case "why" -> why(actor, conversation);
            case "help" -> new Outcome.Done(new CommandResult("help", HELP, Map.of()));
            default -> new Outcome.Rejected(new Rejection(ErrorCode.UNKNOWN_COMMAND,
                    "unknown command '/" + name + "'; try /help"));
        };
    }

    private Outcome history(UserId actor, Optional<ConversationId> conversation) {
        if (conversation.isEmpty()) {
            return new Outcome.Done(new CommandResult("history", "No conversation yet: send a message to start one.",
                    Map.of("messages", 0, "contextTokens", 0)));
        }
        Optional<Conversation> found = conversations.find(actor, conversation.get());
        if (found.isEmpty()) {
            return new Outcome.Rejected(Rejection.notFound("conversation"));
        }
        List<Message> messages = conversations.messages(actor, conversation.get());
        // The window of the model that answered last, as that is what the conversation was fitted to.
        List<RoutedReply> routed = conversations.routing(actor, conversation.get());
        ChatSettings chosen = routed.isEmpty() || routed.getLast().decision().selected() == null ? null
                : router.settings(actor, routed.getLast().decision(), null);
        if (chosen == null) {
            return new Outcome.Done(new CommandResult("history", messages.size() + " messages; no answer yet",
                    Map.of("conversationId", conversation.get().toString(), "messages", messages.size())));
        }
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

    private Outcome models(UserId actor, Optional<ConversationId> conversation) {
        List<RoutingService.ModelOption> options = router.modelsFor(actor);
        Optional<String> pinned = conversation.flatMap(id -> conversations.find(actor, id))
                .flatMap(Conversation::pinned).map(Object::toString);
        List<Map<String, Object>> models = new ArrayList<>();
        StringBuilder text = new StringBuilder(pinned.map(p -> "Pinned: " + p + " (/model auto hands the choice back to "
                + "routing)\n").orElse("Routing chooses the model for each message (/model <id> pins one).\n"));
        if (options.isEmpty()) {
            text.append("No model can answer you now: add a provider key or log in (/login anthropic).");
        } else if (options.getFirst().simulated()) {
            text.append("No provider is reachable, so the built-in simulator answers for any of these:\n");
        } else {
            text.append("Models that can answer you now:\n");
        }
        for (RoutingService.ModelOption option : options) {
            ModelInfo m = option.model();
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", m.provider() + "/" + m.id());
            row.put("name", m.displayName());
            row.put("tier", m.tier().name().toLowerCase(Locale.ROOT));
            row.put("contextWindow", m.contextWindow());
            row.put("capabilities", m.capabilities().stream().map(c -> c.name().toLowerCase(Locale.ROOT)).sorted().toList());
            row.put("inputPerMillion", m.prices().input() == null ? null : m.prices().input().toPlainString());
            row.put("outputPerMillion", m.prices().output() == null ? null : m.prices().output().toPlainString());
            row.put("simulated", option.simulated());
            row.put("ownCredential", option.ownCredential());
            models.add(row);
            text.append(String.format(Locale.ROOT, "  %-32s %9s tokens  %-32s %s%s%n", m.provider() + "/" + m.id(),
                    m.contextWindow() == null ? "?" : String.format(Locale.ROOT, "%,d", m.contextWindow()),
                    m.capabilities().stream().map(c -> c.name().toLowerCase(Locale.ROOT)).sorted()
                            .collect(Collectors.joining(",")),
                    price(m.prices().input(), m.prices().output()), option.ownCredential() ? "  (your key)" : ""));
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("pinned", pinned.orElse(null));
        data.put("models", models);
        return new Outcome.Done(new CommandResult("model", text.toString().stripTrailing(), data));
    }

    private static String price(BigDecimal input, BigDecimal output) {
        return input == null || output == null ? "price unknown"
                : "$" + input.stripTrailingZeros().toPlainString() + "/$" + output.stripTrailingZeros().toPlainString()
                        + " per M in/out";
    }

    private Outcome pin(UserId actor, Optional<ConversationId> conversation, String argument) {
        if (conversation.isEmpty()) {
            return new Outcome.Rejected(new Rejection(ErrorCode.INVALID_INPUT,
                    "no conversation yet: send a message first, then /model <id> pins a model for it"));
        }
        Optional<Conversation> found = conversations.find(actor, conversation.get());
        if (found.isEmpty()) {
            return new Outcome.Rejected(Rejection.notFound("conversation"));
        }
        ConversationId id = conversation.get();
        if (argument.equalsIgnoreCase("auto")) {
            conversations.pin(actor, id, null);
            return new Outcome.Done(new CommandResult("model", "Routing chooses the model for each message again.",
                    Map.of("pinned", "auto")));
        }
        return switch (router.pinnable(actor, argument)) {
            case RoutingService.PinOutcome.Refused(Rejection why) -> new Outcome.Rejected(why);
            case RoutingService.PinOutcome.Pinnable(var target, boolean simulated) -> {
                conversations.pin(actor, id, target);
                String note = simulated ? " (no provider is reachable: the simulator answers for it)" : "";
                yield new Outcome.Done(new CommandResult("model", "Pinned " + target + " for this conversation's next "
                        + "messages" + note + "; /model auto hands the choice back to routing.",
                        Map.of("pinned", target.toString(), "simulated", simulated)),
                        List.of(new ConversationEvent.SessionInfo(id, simulated ? "simulator" : target.provider(),
                                target.model(), "pinned with /model", simulated, 0, null, null)));
            }
        };
    }

    private Outcome agents(UserId actor, Optional<ConversationId> conversation) {
        Optional<Conversation> found = conversation.flatMap(id -> conversations.find(actor, id));
        if (conversation.isPresent() && found.isEmpty()) {
            return new Outcome.Rejected(Rejection.notFound("conversation"));
        }
        Optional<AgentConfig> active = found.flatMap(Conversation::activeAgent).flatMap(id -> agents.find(actor, id))
                .or(() -> agents.findByName(actor, AgentConfig.DEFAULT));
        List<Map<String, Object>> rows = new ArrayList<>();
        StringBuilder text = new StringBuilder(active.map(a -> "Active: " + a.name() + " v" + a.version() + "\n")
                .orElse("Active: none (no default agent exists)\n")).append("Agents you can use:\n");
        for (AgentConfig agent : agents.list(actor)) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", agent.id().toString());
            row.put("name", agent.name());
            row.put("version", agent.version());
            row.put("owner", agent.owner().label());
            row.put("description", agent.definition().description());
            row.put("defaultModel", agent.defaultModel().map(Object::toString).orElse(null));
            row.put("tools", agent.tools());
            row.put("active", active.filter(agent::equals).isPresent());
            rows.add(row);
            text.append(String.format(Locale.ROOT, "  %s %-20s %-6s %-34s %s%n", active.filter(agent::equals).isPresent()
                    ? "*" : " ", agent.name(), agent.owner().label(), agent.defaultModel().map(Object::toString)
                            .orElse("model: routed"), agent.definition().description()));
        }
        text.append("/agent <name> switches; /agent new (in the terminal client) creates one.");
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("active", active.map(a -> a.id().toString()).orElse(null));
        data.put("agents", rows);
        return new Outcome.Done(new CommandResult("agent", text.toString(), data));
    }

    /** The next messages use the agent's prompt, tools and model: a {@code /model} pin is handed back with the switch. */
    private Outcome switchAgent(UserId actor, Optional<ConversationId> conversation, String name) {
        if (conversation.isEmpty()) {
            return new Outcome.Rejected(new Rejection(ErrorCode.INVALID_INPUT,
                    "no conversation yet: send a message first, then /agent <name> switches its agent"));
        }
        ConversationId id = conversation.get();
        if (conversations.find(actor, id).isEmpty()) {
            return new Outcome.Rejected(Rejection.notFound("conversation"));
        }
        Optional<AgentConfig> agent = agents.findByName(actor, name.toLowerCase(Locale.ROOT));
        if (agent.isEmpty()) {
            return new Outcome.Rejected(new Rejection(ErrorCode.NOT_FOUND, "no agent named '" + name + "'; you can use: "
                    + agents.list(actor).stream().map(AgentConfig::name).collect(Collectors.joining(", ")), "name"));
        }
        AgentConfig chosen = agent.get();
        conversations.setAgent(actor, id, chosen.id());
        conversations.pin(actor, id, null);
        String model = chosen.defaultModel().map(Object::toString).orElse("routing chooses");
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("agent", chosen.name());
        data.put("id", chosen.id().toString());
        data.put("version", chosen.version());
        data.put("defaultModel", chosen.defaultModel().map(Object::toString).orElse(null));
        data.put("tools", chosen.tools());
        return new Outcome.Done(new CommandResult("agent", "This conversation now answers as " + chosen.name() + " v"
                + chosen.version() + " (model: " + model + "; tools: " + (chosen.tools().isEmpty() ? "none"
                        : String.join(", ", chosen.tools())) + "); the next answer's header shows it.", data));
    }

    private Outcome why(UserId actor, Optional<ConversationId> conversation) {
        if (conversation.isEmpty() || conversations.find(actor, conversation.get()).isEmpty()) {
            return conversation.isEmpty()
                    ? new Outcome.Done(new CommandResult("why", "No answer yet in this conversation.", Map.of()))
                    : new Outcome.Rejected(Rejection.notFound("conversation"));
        }
        List<RoutedReply> routed = conversations.routing(actor, conversation.get());
        if (routed.isEmpty()) {
            return new Outcome.Done(new CommandResult("why", "No answer yet in this conversation.", Map.of()));
        }
        RoutingDecision d = routed.getLast().decision();
        StringBuilder text = new StringBuilder();
        var c = d.classification();
        text.append(String.format(Locale.ROOT, "Taken for: %s, %s, domain %s, cost tier %s%s (confidence %.2f)%n",
                c.taskType().label(), c.complexity().label(), c.domain().label(), c.costTier().label(),
                c.requiredCapabilities().isEmpty() ? "" : ", needs " + c.requiredCapabilities().stream()
                        .map(dev.mosaic.domain.routing.Label::label).sorted().collect(Collectors.joining(", ")),
                c.confidence()));
        if (!c.features().isEmpty()) {
            text.append("Cues: ").append(String.join(", ", c.features())).append('\n');
        }
        text.append(d.pinned() ? "Chosen by: a pin (/model, or the gateway's chat.provider)\n"
                : d.preferredBy() != null ? "Chosen by: agent " + d.preferredBy() + "'s model" + d.matchedRule().map(
                        r -> " (then " + r.owner() + " rule \"" + r.name() + "\")").orElse("") + "\n"
                : d.matchedRule().map(r -> "Chosen by: " + r.owner() + " rule \"" + r.name() + "\" (priority " + r.priority()
                        + ")\n").orElse("Chosen by: no rule matched; the default chain\n"));
        text.append("Routed to: ").append(d.routed()).append('\n');
        d.hops().forEach(h -> text.append("Passed over: ").append(h.target()).append(" (").append(h.cause()).append(")\n"));
        text.append("Answered by: ").append(d.selectedTarget().map(Object::toString).orElse("nothing"))
                .append(d.standIn() == null ? "" : " (the " + d.standIn() + " answered for it)").append('\n');
        d.failovers().forEach(f -> text.append("Failed over: ").append(f.from()).append(" → ").append(f.to())
                .append(" after ").append(f.afterCharacters()).append(" characters (").append(f.cause()).append(")\n"));
        if (d.estimatedCostUsd() != null) {
            text.append("Estimated cost: $").append(d.estimatedCostUsd().toPlainString()).append('\n');
        }
        return new Outcome.Done(new CommandResult("why", text.toString().stripTrailing(), DecisionTree.write(d)));
    }
}
