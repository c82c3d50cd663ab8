package dev.mosaic.domain.routing;

import dev.mosaic.domain.Violation;
import dev.mosaic.domain.user.Owner;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A routing rule: when its condition holds for a message, its action names the model that answers.
 * Rules are tried in priority order (1 first), a user's own before the system's. When the model a
 * rule names cannot answer, its fallbacks are tried in order.
 *
 * @param fallbacks tried in order when the target cannot answer, before the gateway's default chain
 */
public record RoutingRule(RuleId id, Owner owner, String name, int priority, Condition condition, RouteAction action,
        List<RouteTarget> fallbacks) {
    public static final int MIN_PRIORITY = 1;
    public static final int MAX_PRIORITY = 9_999;
    public static final int MAX_NAME_LENGTH = 100;
    public static final int MAX_FALLBACKS = 5;

    public RoutingRule {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(condition, "condition");
        Objects.requireNonNull(action, "action");
        name = name == null ? "" : name.strip();
        if (name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
            throw new Violation("name", "must be 1-" + MAX_NAME_LENGTH + " characters");
        }
        if (priority < MIN_PRIORITY || priority > MAX_PRIORITY) {
            throw new Violation("priority", "must be between " + MIN_PRIORITY + " and " + MAX_PRIORITY + ", not " + priority);
        }
        fallbacks = List.copyOf(fallbacks);
        if (fallbacks.size() > MAX_FALLBACKS) {
            throw new Violation("fallbacks", "at most " + MAX_FALLBACKS + " models");
        }
        List<RouteTarget> seen = new ArrayList<>(List.of(action.target()));
        for (RouteTarget fallback : fallbacks) {
            if (seen.contains(fallback)) {
                throw new Violation("fallbacks", fallback + " is named twice (the rule's own target counts)");
            }
            seen.add(fallback);
        }
    }

    /** A new rule with a fresh id. */
    public static RoutingRule create(Owner owner, String name, int priority, Condition condition, RouteAction action,
            List<RouteTarget> fallbacks) {
        return new RoutingRule(RuleId.random(), owner, name, priority, condition, action, fallbacks);
    }

    /** The same rule (id and owner kept) with new contents. */
    public RoutingRule revise(String newName, int newPriority, Condition newCondition, RouteAction newAction,
            List<RouteTarget> newFallbacks) {
        return new RoutingRule(id, owner, newName, newPriority, newCondition, newAction, newFallbacks);
    }

    public RoutingRule withPriority(int newPriority) {
        return new RoutingRule(id, owner, name, newPriority, condition, action, fallbacks);
    }

    /**
     * Whether the rule routes this message. A rule whose condition tests offline mode routes only
     * offline, and offline only such rules route: the others name cloud models that cannot be reached.
     */
    public boolean matches(Classification classification, boolean offline) {
        return condition.namesOffline() == offline && condition.matches(classification, offline);
    }

    /** The models to try, in order: the target, the rule's own fallbacks, then the gateway's {@code defaults}. */
    public List<RouteTarget> chain(List<RouteTarget> defaults) {
        List<RouteTarget> chain = new ArrayList<>();
        chain.add(action.target());
        chain.addAll(fallbacks);
        defaults.stream().filter(t -> !chain.contains(t)).forEach(chain::add);
        return List.copyOf(chain);
    }
}
