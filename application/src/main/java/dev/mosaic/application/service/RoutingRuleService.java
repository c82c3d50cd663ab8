package dev.mosaic.application.service;

import dev.mosaic.application.ErrorCode;
import dev.mosaic.application.Rejection;
import dev.mosaic.application.port.in.ManageRoutingRulesUseCase;
import dev.mosaic.application.port.out.Agents;
import dev.mosaic.application.port.out.OwnerChanges;
import dev.mosaic.application.port.out.RoutingRules;
import dev.mosaic.application.port.out.Users;
import dev.mosaic.domain.Violation;
import dev.mosaic.domain.agent.AgentConfig;
import dev.mosaic.domain.agent.AgentId;
import dev.mosaic.domain.routing.RouteAction;
import dev.mosaic.domain.routing.RouteTarget;
import dev.mosaic.domain.routing.RoutingRule;
import dev.mosaic.domain.routing.RuleDraft;
import dev.mosaic.domain.routing.RuleId;
import dev.mosaic.domain.routing.RuleSet;
import dev.mosaic.domain.user.Owner;
import dev.mosaic.domain.user.UserId;
import dev.mosaic.domain.user.UserRole;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Edits the routing rules and keeps them cached for routing: each instance caches the system rules
 * and each user's own, and drops an owner's cached rules when any instance announces a change
 * ({@link OwnerChanges}), so an edit made anywhere routes everywhere within moments.
 */
public final class RoutingRuleService implements ManageRoutingRulesUseCase {
    private final RoutingRules store;
    private final Users users;
    private final OwnerChanges changes;
    private final Function<RouteTarget, Optional<String>> targetProblem;
    private final Agents agents;
    private final OwnedCache<List<RoutingRule>> cache = new OwnedCache<>();

    /**
     * @param targetProblem why a rule cannot name a model (an unknown provider or model), empty when it can
     */
    public RoutingRuleService(RoutingRules store, Users users, OwnerChanges changes,
            Function<RouteTarget, Optional<String>> targetProblem, Agents agents) {
        this.store = Objects.requireNonNull(store);
        this.users = Objects.requireNonNull(users);
        this.changes = Objects.requireNonNull(changes);
        this.targetProblem = Objects.requireNonNull(targetProblem);
        this.agents = Objects.requireNonNull(agents);
    }

    /** The rules that route {@code actor}'s messages, from the cache. */
    public RuleSet ruleSetFor(UserId actor) {
        return new RuleSet(ownRules(actor), systemRules(actor));
    }

    /** What a rule that routes {@code actor}'s messages does: its model, and the agent or prompt it puts in place. */
    public Optional<RouteAction> actionOf(UserId actor, RuleId rule) {
        RuleSet set = ruleSetFor(actor);
        return java.util.stream.Stream.concat(set.own().stream(), set.system().stream()).filter(r -> r.id().equals(rule))
                .findFirst().map(RoutingRule::action);
    }

    /** Another instance (or this one) changed an owner's rules: forget them. */
    public void changed(Owner owner) {
        cache.changed(owner);
    }

    /** Changes may have gone unheard: forget every cached rule. */
    public void forgetAll() {
        cache.forgetAll();
    }

    @Override
    public List<RoutingRule> list(UserId actor, Scope scope) {
        return scope == Scope.SYSTEM ? systemRules(actor) : ownRules(actor);
    }

    @Override
    public Outcome<RoutingRule> create(UserId actor, Scope scope, Map<String, ?> tree) {
        return edit(actor, scope, () -> {
            Owner owner = ownerOf(actor, scope);
            RoutingRule rule = RuleDraft.read(tree).create(owner);
            return save(actor, rule);
        });
    }

    @Override
    public Outcome<RoutingRule> update(UserId actor, Scope scope, RuleId id, Map<String, ?> tree) {
        return edit(actor, scope, () -> {
            Optional<RoutingRule> current = store.of(actor, ownerOf(actor, scope)).stream()
                    .filter(r -> r.id().equals(id)).findFirst();
            if (current.isEmpty()) {
                return new Outcome.Rejected<>(Rejection.notFound("routing rule"));
            }
            return save(actor, RuleDraft.read(tree).revise(current.get()));
        });
    }

    @Override
    public Outcome<Void> delete(UserId actor, Scope scope, RuleId id) {
        return edit(actor, scope, () -> {
            Owner owner = ownerOf(actor, scope);
            if (!store.delete(actor, owner, id)) {
                return new Outcome.Rejected<>(Rejection.notFound("routing rule"));
            }
            announce(owner);
            return new Outcome.Done<>(null);
        });
    }

    @Override
    public Outcome<List<RoutingRule>> reorder(UserId actor, Scope scope, Map<RuleId, Integer> priorities) {
        return edit(actor, scope, () -> {
            Owner owner = ownerOf(actor, scope);
            if (priorities.isEmpty()) {
                throw new Violation("rules", "name at least one rule and its new priority");
            }
            List<RoutingRule> reordered = RuleSet.reorder(store.of(actor, owner), priorities);
            store.reprioritise(actor, reordered.stream().filter(r -> priorities.containsKey(r.id())).toList());
            announce(owner);
            return new Outcome.Done<>(reordered);
        });
    }

    private Outcome<RoutingRule> save(UserId actor, RoutingRule rule) {
        for (int i = -1; i < rule.fallbacks().size(); i++) {
            RouteTarget target = i < 0 ? rule.action().target() : rule.fallbacks().get(i);
            String field = i < 0 ? "action.routeTo" : "fallbacks[" + i + "]";
            Optional<String> problem = targetProblem.apply(target);
            if (problem.isPresent()) {
                return new Outcome.Rejected<>(Rejection.invalid(field, problem.get()));
            }
        }
        Optional<AgentConfig> agent = rule.action().agent().flatMap(id -> agents.find(actor, new AgentId(id)));
        // A rule applies to whoever its owner's rules apply to: a system rule may lend only a system agent.
        if (rule.action().agent().isPresent()
                && (agent.isEmpty() || !agent.get().owner().isSystem() && rule.owner().isSystem())) {
            return new Outcome.Rejected<>(Rejection.invalid("action.routeTo.agentConfigId",
                    "no agent " + rule.action().agentConfigId() + " is visible to "
                            + (rule.owner().isSystem() ? "everyone" : "you")));
        }
        RuleSet.requireFits(store.of(actor, rule.owner()), rule);
        store.save(actor, rule);
        announce(rule.owner());
        return new Outcome.Done<>(rule);
    }

    private Owner ownerOf(UserId actor, Scope scope) {
        return scope == Scope.SYSTEM ? Owner.SYSTEM : Owner.of(actor);
    }

    private interface Edit<T> {
        Outcome<T> run();
    }

    /** Only admins change system rules; a rule that breaks a rule of rules is refused naming the field. */
    private <T> Outcome<T> edit(UserId actor, Scope scope, Edit<T> edit) {
        if (scope == Scope.SYSTEM && users.role(actor) != UserRole.ADMIN) {
            return new Outcome.Rejected<>(new Rejection(ErrorCode.FORBIDDEN, "only an admin can change the system rules; "
                    + "your own rules are at /api/routing/rules/mine"));
        }
        try {
            return edit.run();
        } catch (Violation e) {
            return new Outcome.Rejected<>(Rejection.invalid(e.field(), e.reason()));
        }
    }

    /** Dropped here at once, then on every other instance when they hear of it. */
    private void announce(Owner owner) {
        changed(owner);
        changes.publish(owner);
    }

    private List<RoutingRule> systemRules(UserId actor) {
        return cache.system(() -> List.copyOf(store.of(actor, Owner.SYSTEM)));
    }

    private List<RoutingRule> ownRules(UserId actor) {
        return cache.own(actor, () -> List.copyOf(store.of(actor, Owner.of(actor))));
    }
}
