package dev.mosaic.application.fakes;

import dev.mosaic.application.ErrorCode;
import dev.mosaic.application.fakes.LocalOwnerChanges;
import dev.mosaic.application.port.out.Agents;
import dev.mosaic.application.port.out.CredentialCheck;
import dev.mosaic.application.port.out.provider.ChatProvider;
import dev.mosaic.application.service.CredentialService;
import dev.mosaic.application.service.ModelCatalogService;
import dev.mosaic.application.service.RoutingRuleService;
import dev.mosaic.application.service.RoutingService;
import dev.mosaic.application.service.RoutingSettings;
import dev.mosaic.domain.routing.Classification;
import dev.mosaic.domain.routing.Complexity;
import dev.mosaic.domain.routing.Condition;
import dev.mosaic.domain.routing.CostTier;
import dev.mosaic.domain.routing.RouteAction;
import dev.mosaic.domain.routing.RouteTarget;
import dev.mosaic.domain.routing.RoutingRule;
import dev.mosaic.domain.routing.TaskDomain;
import dev.mosaic.domain.routing.TaskType;
import dev.mosaic.domain.user.Owner;
import dev.mosaic.domain.user.UserId;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/** Routers for tests: the real routing, with rules, credentials and circuits held in memory. */
public final class Routers {
    /** Every message is taken for a simple conversation, unless a test says otherwise. */
    public static final Function<String, Classification> CONVERSATION = text -> new Classification(TaskType.CONVERSATION,
            Complexity.SIMPLE, TaskDomain.GENERAL, CostTier.CHEAP, Set.of(), 0.5, List.of());

    private Routers() {}

    /** A router whose one system rule sends everything to {@code target}, served by {@code providers}; nobody has credentials. */
    public static RoutingService answeringWith(List<ChatProvider> providers, RouteTarget target, ModelCatalogService catalog,
            String systemPrompt) {
        return answeringWith(providers, target, catalog, settings(List.of(target), systemPrompt));
    }

    public static RoutingService answeringWith(List<ChatProvider> providers, RouteTarget target, ModelCatalogService catalog,
            RoutingSettings settings) {
        return answeringWith(providers, target, catalog, settings, new InMemoryAgents());
    }

    /** As above, with the agents of {@code agents}. */
    public static RoutingService answeringWith(List<ChatProvider> providers, RouteTarget target, ModelCatalogService catalog,
            RoutingSettings settings, Agents agents) {
        InMemoryRoutingRules store = new InMemoryRoutingRules();
        store.save(UserId.random(), RoutingRule.create(Owner.SYSTEM, "everything", 100, new Condition.Fallback(),
                RouteAction.to(target), List.of()));
        RoutingRuleService rules = new RoutingRuleService(store, new InMemoryAccounts(), new LocalOwnerChanges(),
                catalog::whyNotRoutable, agents);
        return new RoutingService(CONVERSATION, rules, providers, null, (provider, access) -> {
            throw new AssertionError("no user has credentials in this test");
        }, noCredentials(), new RecordingCircuits(), catalog, settings, agents);
    }

    public static RoutingSettings settings(List<RouteTarget> defaults, String systemPrompt) {
        return new RoutingSettings(defaults, false, false, true, systemPrompt, Duration.ofHours(1), null, 32_768, null);
    }

    public static CredentialService noCredentials() {
        return new CredentialService(new InMemoryProviderCredentials(), new AesGcmCipher(),
                (provider, key, baseUrl) -> Optional.of(new CredentialCheck.Problem(ErrorCode.INVALID_INPUT, "not in this test")),
                new ScriptedTokenEndpoint(), Map.of(), new LocalOwnerChanges(), Clock.systemUTC());
    }
}
