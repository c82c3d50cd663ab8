package dev.mosaic.application.service;

import dev.mosaic.application.ErrorCode;
import dev.mosaic.application.Rejection;
import dev.mosaic.application.catalog.Capability;
import dev.mosaic.application.catalog.ModelInfo;
import dev.mosaic.application.credential.ProviderCredential;
import dev.mosaic.application.port.in.ExplainRoutingQuery;
import dev.mosaic.application.port.in.RequestedModelQuery;
import dev.mosaic.application.port.out.Agents;
import dev.mosaic.application.port.out.ProviderCircuits;
import dev.mosaic.application.port.out.provider.ChatProvider;
import dev.mosaic.application.port.out.provider.ChatProviderFactory;
import dev.mosaic.application.port.out.provider.ProviderAccess;
import dev.mosaic.domain.agent.AgentConfig;
import dev.mosaic.domain.agent.AgentId;
import dev.mosaic.domain.conversation.Conversation;
import dev.mosaic.domain.conversation.Usage;
import dev.mosaic.domain.routing.Classification;
import dev.mosaic.domain.routing.RequiredCapability;
import dev.mosaic.domain.routing.RouteAction;
import dev.mosaic.domain.routing.RouteTarget;
import dev.mosaic.domain.routing.RoutingDecision;
import dev.mosaic.domain.routing.TaskDomain;
import dev.mosaic.domain.user.Owner;
import dev.mosaic.domain.user.UserId;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Routes each message: classifies it, lets the rules (the conversation's pin first, then the user's
 * own rules, then the system's) name a model, and walks that model's fallback chain until a model
 * can answer now: the provider has a credential (the user's own first, then the gateway's), its
 * circuit is not open, and the model can do what the message needs.
 *
 * <p>When no provider can be reached at all and the built-in simulator is configured, it answers
 * for the routed model, and the decision says so.
 */
public final class RoutingService implements ExplainRoutingQuery, RequestedModelQuery {
    private static final Logger LOG = Logger.getLogger(RoutingService.class.getName());
    /** A window under this is not a long context. */
    static final int LONG_CONTEXT_TOKENS = 100_000;
    /** An answer is expected to be about this long when its cost is estimated. */
    static final int EXPECTED_OUTPUT_TOKENS = 500;
    /** The longest text {@link #explain} classifies, as for a message. */
    public static final int MAX_TEXT_LENGTH = 1 << 20;
    private static final String SIMULATOR = "simulator";

    /**
     * What answers a message: the decision, the adapter to call, and how.
     *
     * @param agent the agent whose prompt and tools apply; null when there is none (not even a default one)
     */
    public record Route(RoutingDecision decision, ChatProvider provider, ChatSettings settings, boolean ownCredential,
            AgentConfig agent) {
        Route withSettings(ChatSettings changed) {
            return new Route(decision, provider, changed, ownCredential, agent);
        }
    }


    private final Function<String, Classification> classifier;
    private final RoutingRuleService rules;
    private final Map<String, ChatProvider> gatewayAdapters;
    private final ChatProvider simulator;
    private final ChatProviderFactory factory;
    private final CredentialService credentials;
    private final ProviderCircuits circuits;
    private final ModelCatalogService catalog;
    private final RoutingSettings settings;
    private final AgentDirectory agents;

    /**
     * @param gatewayAdapters the providers the gateway itself has credentials for, by id
     * @param simulator the built-in simulator, or null when it is not to stand in for anything
     */
    public RoutingService(Function<String, Classification> classifier, RoutingRuleService rules,
            List<ChatProvider> gatewayAdapters, ChatProvider simulator, ChatProviderFactory factory,
            CredentialService credentials, ProviderCircuits circuits, ModelCatalogService catalog, RoutingSettings settings,
            Agents agents) {
        this.classifier = Objects.requireNonNull(classifier);
        this.rules = Objects.requireNonNull(rules);
        this.gatewayAdapters = gatewayAdapters.stream().collect(Collectors.toUnmodifiableMap(ChatProvider::id,
                Function.identity()));
        this.simulator = simulator;
        this.factory = Objects.requireNonNull(factory);
        this.credentials = Objects.requireNonNull(credentials);
        this.circuits = Objects.requireNonNull(circuits);
        this.catalog = Objects.requireNonNull(catalog);
        this.settings = Objects.requireNonNull(settings);
        this.agents = new AgentDirectory(agents);
        if (settings.simulatorOnly() && simulator == null) {
            throw new IllegalArgumentException("simulator-only routing needs the simulator");
        }
    }

    /**
     * Decides who answers a message, touching no secret, and logs the decision (never the text).
     *
     * @param conversation the conversation it belongs to, for its pin; null for a new one
     * @param conversationTokens about how many tokens the conversation holds with this message
     */
    public RoutingDecision decide(UserId actor, Conversation conversation, String text, long conversationTokens) {
        return logged(route(actor, conversation, agentOf(actor, conversation).agent(), text, conversationTokens,
                ownProviders(actor)));
    }

    /**
     * {@link #decide} and {@link #connect} in one, reading the actor's credentials once for both.
     *
     * @throws NoModelException when no model of the chain can answer
     * @throws CredentialService.UnusableCredentialException when the actor's own credential would answer but cannot be used
     */
    public Route decideAndConnect(UserId actor, Conversation conversation, String text, long conversationTokens) {
        Set<String> own = ownProviders(actor);
        ActiveAgent active = agentOf(actor, conversation);
        RoutingDecision decision = logged(route(actor, conversation, active.agent(), text, conversationTokens, own));
        // A rule that names an agent lends it to this answer, whatever agent the conversation has.
        AgentConfig agent = decision.matchedRule()
                .flatMap(r -> rules.actionOf(actor, r.id()))
                .flatMap(RouteAction::agent)
                .flatMap(id -> agents.find(actor, new AgentId(id)))
                .orElse(active.agent());
        Route route = connect(actor, decision, agent, () -> own);
        return active.notice() == null ? route : route.withSettings(route.settings().withReason(route.settings().reason()
                + "; " + active.notice()));
    }

    /**
     * Refuses at once a message to a conversation that no model could answer now (say, it is pinned
     * to a provider whose circuit is open), judged by the message alone, before the conversation is
     * locked and its history read. With its history the message could only need more of a model,
     * so whatever this refuses, {@link #decideAndConnect} would refuse too.
     *
     * @throws NoModelException when no model of the chain can answer
     */
    public void checkAnswerable(UserId actor, Conversation conversation, String text) {
        RoutingDecision decision = route(actor, conversation, agentOf(actor, conversation).agent(), text,
                CalibratedTokenCounter.estimate(text), ownProviders(actor));
        if (decision.selectedTarget().isEmpty()) {
            throw new NoModelException(decision);
        }
    }

    /** Another instance (or this one) changed an owner's agents: forget them. */
    public void agentsChanged(Owner owner) {
        agents.changed(owner);
    }

    /** Changes may have gone unheard: forget every cached agent. */
    public void forgetAgents() {
        agents.forgetAll();
    }

    /** The conversation's agent, or the default one; and what a person should know when it is not the one chosen. */
    private record ActiveAgent(AgentConfig agent, String notice) {}

    private ActiveAgent agentOf(UserId actor, Conversation conversation) {
        if (conversation != null && conversation.agent() != null) {
            Optional<AgentConfig> chosen = agents.find(actor, conversation.agent());
            if (chosen.isPresent()) {
                return new ActiveAgent(chosen.get(), null);
            }
            return new ActiveAgent(agents.findByName(actor, AgentConfig.DEFAULT).orElse(null),
                    "the conversation's agent was deleted, so the default agent answers (/agent chooses another)");
        }
        return new ActiveAgent(agents.findByName(actor, AgentConfig.DEFAULT).orElse(null), null);
    }

    private static RoutingDecision logged(RoutingDecision decision) {
        LOG.info(() -> "routed " + decision.classification().taskType().label() + "/"
                + decision.classification().complexity().label() + " (" + decision.classification().confidence() + ", "
                + String.join(",", decision.classification().features()) + ") → " + decision.selectedTarget().map(
                        Object::toString).orElse("nothing") + (decision.standIn() == null ? "" : " via " + decision.standIn())
                + decision.matchedRule().map(r -> " by rule \"" + r.name() + "\"").orElse(""));
        return decision;
    }

    private RoutingDecision route(UserId actor, Conversation conversation, AgentConfig agent, String text,
            long conversationTokens, Set<String> own) {
        Classification classification = classifier.apply(text);
        if (conversationTokens > LONG_CONTEXT_TOKENS) {
            classification = classification.requiring(RequiredCapability.LONG_CONTEXT, "conversation-tokens>"
                    + LONG_CONTEXT_TOKENS);
        }
        Availability availability = new Availability(own, classification, conversationTokens);
        RouteTarget pin = conversation != null && conversation.pinnedModel() != null ? conversation.pinnedModel()
                : settings.gatewayPin();
        TaskDomain domain = classification.domain();
        RoutingDecision.Preference preference = agent == null ? null : new RoutingDecision.Preference(agent.name(),
                agent.defaultModel().map(List::of).orElseGet(() -> agent.preferredModelsFor(domain)));
        RoutingDecision decision = RoutingDecision.route(classification, rules.ruleSetFor(actor), pin, preference,
                availability.offline(), settings.defaultChain(), settings.simulatorOnly() ? t -> Optional.empty() : availability::whyNot);
        if (settings.simulatorOnly() || (decision.selected() == null && simulator != null && !availability.anyReachable())) {
            decision = decision.answeredBy(SIMULATOR);
        }
        // The simulator costs nothing; a real model's estimate would mislead.
        return decision.standIn() != null ? decision : decision.withEstimatedCost(estimateCost(decision, conversationTokens));
    }

    /**
     * The adapter and settings for a decision's selected model.
     *
     * @throws NoModelException when no model of the chain can answer
     * @throws CredentialService.UnusableCredentialException when the actor's own credential would answer but cannot be used
     */
    public Route connect(UserId actor, RoutingDecision decision, AgentConfig agent) {
        return connect(actor, decision, agent, () -> ownProviders(actor));
    }

    /** @param own the providers the actor has credentials of, read only when the decision needs them */
    private Route connect(UserId actor, RoutingDecision decision, AgentConfig agent, Supplier<Set<String>> own) {
        RouteTarget target = decision.selectedTarget().orElseThrow(() -> new NoModelException(decision));
        ChatSettings chosen = settings(actor, decision, agent);
        if (decision.standIn() != null) {
            return new Route(decision, simulator, chosen, false, agent);
        }
        Optional<ProviderAccess> access = own.get().contains(target.provider())
                ? credentials.accessFor(actor, target.provider()) : Optional.empty();
        if (access.isPresent()) {
            String whose = access.get() instanceof ProviderAccess.OAuthToken ? " login" : " key";
            return new Route(decision, factory.connect(target.provider(), access.get()),
                    chosen.withReason(chosen.reason() + "; with your own " + target.provider() + whose), true, agent);
        }
        ChatProvider adapter = gatewayAdapters.get(target.provider());
        if (adapter == null) {
            throw new NoModelException(decision);
        }
        return new Route(decision, adapter, chosen, false, agent);
    }

    /**
     * How a decision's selected model is asked, touching no secret: its window (the simulator's when
     * it stands in; the catalog's, else the simulator's as a cautious guess), prompt and summarizer.
     */
    public ChatSettings settings(UserId actor, RoutingDecision decision, AgentConfig agent) {
        RouteTarget target = decision.selectedTarget().orElseThrow(() -> new NoModelException(decision));
        boolean simulated = decision.standIn() != null;
        int window = simulated ? settings.simulatorContextWindow()
                : catalog.find(target.provider(), target.model()).map(ModelInfo::contextWindow).filter(Objects::nonNull)
                        .orElse(settings.simulatorContextWindow());
        // A rule's own prompt beats the agent's, which beats the gateway's.
        String prompt = decision.matchedRule().flatMap(r -> rules.actionOf(actor, r.id())).flatMap(RouteAction::systemPrompt)
                .orElseGet(() -> agent != null ? agent.instructions() : settings.systemPrompt());
        String summarizer = settings.summarizerModel() != null
                && catalog.find(target.provider(), settings.summarizerModel()).isPresent() ? settings.summarizerModel() : null;
        return new ChatSettings(simulated ? SIMULATOR : target.provider(), target.model(), window, prompt, decision.reason(),
                simulated, settings.flushInterval(), summarizer);
    }

    /**
     * The route failed before anything reached the user: the next model of the chain that can
     * answer, if any.
     */
    public Optional<Route> passOver(UserId actor, Route failed, String cause, long conversationTokens) {
        if (failed.decision().standIn() != null) {
            return Optional.empty();
        }
        Availability availability = availabilityFor(actor, failed.decision().classification(), conversationTokens);
        RoutingDecision next = failed.decision().passOver(cause, availability::whyNot);
        return next.selectedTarget().isEmpty() ? Optional.empty() : Optional.of(connect(actor, next, failed.agent()));
    }

    /** The route failed mid-answer: the next model of the chain that can answer goes on, if any (and if so configured). */
    public Optional<Route> failOver(UserId actor, Route failed, String cause, int afterCharacters, long conversationTokens) {
        if (!settings.midstreamFailover() || failed.decision().standIn() != null) {
            return Optional.empty();
        }
        Availability availability = availabilityFor(actor, failed.decision().classification(), conversationTokens);
        return failed.decision().nextAnswerable(availability::whyNot)
                .map(to -> connect(actor, failed.decision().failedOver(to, cause, afterCharacters), failed.agent()));
    }

    @Override
    public Outcome explain(UserId actor, String text) {
        if (text == null || text.isBlank()) {
            return new Outcome.Rejected(Rejection.invalid("text", "is empty; give the message to route"));
        }
        if (text.length() > MAX_TEXT_LENGTH) {
            return new Outcome.Rejected(Rejection.invalid("text", "is longer than " + MAX_TEXT_LENGTH + " characters"));
        }
        // Not logged: no message was routed.
        return new Outcome.Explained(route(actor, null, agentOf(actor, null).agent(), text,
                CalibratedTokenCounter.estimate(text), ownProviders(actor)));
    }

    /** A model that can answer the actor now, for {@code /model}. */
    public record ModelOption(ModelInfo model, boolean simulated, boolean ownCredential) {}

    /** The chat models that can answer the actor now; with no provider reachable, those the simulator stands in for. */
    public List<ModelOption> modelsFor(UserId actor) {
        Set<String> own = ownProviders(actor);
        Availability availability = availabilityFor(actor, null, 0);
        boolean standIn = settings.simulatorOnly() || (simulator != null && !availability.anyReachable());
        return catalog.list().stream()
                .filter(RoutingService::answersChat)
                .filter(m -> standIn || availability.whyNot(new RouteTarget(m.provider(), m.id())).isEmpty())
                .map(m -> new ModelOption(standIn ? withWindow(m, settings.simulatorContextWindow()) : m, standIn,
                        !standIn && own.contains(m.provider())))
                .toList();
    }

    /**
     * Reads what a person typed after {@code /model}: {@code provider/model}, or a model id that
     * one provider has.
     *
     * @return the model, or a rejection naming close matches or why it cannot answer now
     */
    public PinOutcome pinnable(UserId actor, String typed) {
        String wanted = typed.strip();
        List<ModelInfo> found = catalog.list().stream()
                .filter(RoutingService::answersChat)
                .filter(m -> (m.provider() + "/" + m.id()).equalsIgnoreCase(wanted) || m.id().equalsIgnoreCase(wanted))
                .toList();
        if (found.size() != 1) {
            String near = catalog.similarTo(wanted, 3).stream().map(m -> m.provider() + "/" + m.id())
                    .collect(Collectors.joining(", "));
            String why = found.isEmpty() ? "no model '" + wanted + "' is known"
                    : "'" + wanted + "' is offered by " + found.stream().map(ModelInfo::provider).collect(Collectors.joining(
                            " and ")) + "; write provider/model";
            return new PinOutcome.Refused(new Rejection(ErrorCode.INVALID_INPUT,
                    why + (near.isEmpty() || found.size() > 1 ? "" : "; did you mean " + near + "?")));
        }
        RouteTarget target = new RouteTarget(found.getFirst().provider(), found.getFirst().id());
        Availability availability = availabilityFor(actor, null, 0);
        boolean standIn = settings.simulatorOnly() || (simulator != null && !availability.anyReachable());
        Optional<String> why = standIn ? Optional.empty() : availability.whyNot(target);
        if (why.isPresent()) {
            return new PinOutcome.Refused(new Rejection(ErrorCode.PROVIDER_UNAVAILABLE,
                    target + " cannot answer now (" + why.get() + "); /model lists the models that can"));
        }
        return new PinOutcome.Pinnable(target, standIn);
    }

    @Override
    public Requested requested(UserId actor, String name) {
        String wanted = name == null ? "" : name.strip();
        if (wanted.isEmpty() || wanted.equalsIgnoreCase("auto") || wanted.equalsIgnoreCase(AUTO)) {
            return new Requested.Routed(null);
        }
        boolean known = catalog.list().stream().filter(RoutingService::answersChat)
                .anyMatch(m -> (m.provider() + "/" + m.id()).equalsIgnoreCase(wanted) || m.id().equalsIgnoreCase(wanted));
        // A client that does not know this gateway's models sends its own default: routing decides for it.
        if (!known) {
            return new Requested.Routed("model " + wanted + " is not in the catalog, so routing decides");
        }
        return switch (pinnable(actor, wanted)) {
            case PinOutcome.Pinnable(RouteTarget target, boolean simulated) -> new Requested.Pinned(target);
            case PinOutcome.Refused(Rejection why) -> new Requested.Refused(why.field() == null
                    ? new Rejection(why.code(), why.message(), "model") : why);
        };
    }

    public sealed interface PinOutcome {
        record Pinnable(RouteTarget target, boolean simulated) implements PinOutcome {}

        record Refused(Rejection rejection) implements PinOutcome {}
    }

    /** No model of a decision's chain can answer. */
    public static final class NoModelException extends IllegalStateException {
        private final transient RoutingDecision decision;

        NoModelException(RoutingDecision decision) {
            super("no model can answer now: " + decision.hops().stream().map(h -> h.target() + " (" + h.cause() + ")")
                    .collect(Collectors.joining(", ")) + "; add a provider key (PUT /api/providers/{provider}) or log in "
                    + "(/login anthropic)");
            this.decision = decision;
        }

        public RoutingDecision decision() {
            return decision;
        }
    }

    private BigDecimal estimateCost(RoutingDecision decision, long promptTokens) {
        return decision.selectedTarget()
                .flatMap(t -> catalog.costOf(t.provider(), t.model(), new Usage(promptTokens, EXPECTED_OUTPUT_TOKENS, 0)))
                .orElse(null);
    }

    /** A model people can talk to: not an embedding model, and not the simulator's own (it stands in, never routed to). */
    private static boolean answersChat(ModelInfo model) {
        return !model.capabilities().contains(Capability.EMBEDDING) && !model.provider().equals(SIMULATOR);
    }

    private Set<String> ownProviders(UserId actor) {
        return credentials.list(actor).stream().map(ProviderCredential::provider).collect(Collectors.toSet());
    }

    private static ModelInfo withWindow(ModelInfo m, int window) {
        return new ModelInfo(m.provider(), m.id(), m.displayName(), m.tier(), window, m.maxOutput(), m.capabilities(),
                m.prices(), m.source());
    }

    private Availability availabilityFor(UserId actor, Classification classification, long conversationTokens) {
        return new Availability(ownProviders(actor), classification, conversationTokens);
    }

    /** What can answer one user now. */
    private final class Availability {
        private final Set<String> own;
        private final Classification classification;
        private final long conversationTokens;

        Availability(Set<String> own, Classification classification, long conversationTokens) {
            this.own = own;
            this.classification = classification;
            this.conversationTokens = conversationTokens;
        }

        private boolean reachable(String provider) {
            return (own.contains(provider) || gatewayAdapters.containsKey(provider))
                    && circuits.state(provider) != ProviderCircuits.State.OPEN;
        }

        boolean anyReachable() {
            return ProviderCredential.PROVIDERS.stream().anyMatch(this::reachable);
        }

        /** Forced, or automatically when no cloud provider can be reached but Ollama can. */
        boolean offline() {
            return settings.offline() || (reachable(ModelCatalogService.LOCAL_PROVIDER)
                    && ProviderCredential.PROVIDERS.stream().filter(p -> !p.equals(ModelCatalogService.LOCAL_PROVIDER))
                            .noneMatch(this::reachable));
        }

        Optional<String> whyNot(RouteTarget target) {
            String provider = target.provider();
            if (settings.offline() && !provider.equals(ModelCatalogService.LOCAL_PROVIDER)) {
                return Optional.of("offline mode");
            }
            if (!own.contains(provider) && !gatewayAdapters.containsKey(provider)) {
                return Optional.of("no credential");
            }
            if (circuits.state(provider) == ProviderCircuits.State.OPEN) {
                return Optional.of("provider failing (circuit open)");
            }
            Optional<ModelInfo> known = catalog.find(provider, target.model());
            if (known.isEmpty() || classification == null) {
                return Optional.empty();
            }
            ModelInfo model = known.get();
            if (classification.requires(RequiredCapability.TOOLS) && !model.capabilities().contains(Capability.TOOLS)) {
                return Optional.of("cannot use tools");
            }
            if (classification.requires(RequiredCapability.VISION) && !model.capabilities().contains(Capability.VISION)) {
                return Optional.of("cannot read images");
            }
            Integer window = model.contextWindow();
            if (window != null && classification.requires(RequiredCapability.LONG_CONTEXT) && window < LONG_CONTEXT_TOKENS) {
                return Optional.of("context window too small (" + window + " tokens)");
            }
            if (window != null && conversationTokens > window) {
                return Optional.of("the conversation (" + conversationTokens + " tokens) exceeds its window");
            }
            return Optional.empty();
        }
    }
}
