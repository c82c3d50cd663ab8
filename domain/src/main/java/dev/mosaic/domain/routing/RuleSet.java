package dev.mosaic.domain.routing;

import dev.mosaic.domain.Violation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The rules that route one user's messages, in the order they are tried: the user's own by
 * priority, then the system's by priority. Within one owner, priorities and names are unique, so the
 * order is never left to chance.
 */
public record RuleSet(List<RoutingRule> own, List<RoutingRule> system) {
    private static final Comparator<RoutingRule> BY_PRIORITY = Comparator.comparingInt(RoutingRule::priority);

    public RuleSet {
        own = own.stream().sorted(BY_PRIORITY).toList();
        system = system.stream().sorted(BY_PRIORITY).toList();
        requireConsistent(own);
        requireConsistent(system);
        if (system.stream().anyMatch(r -> !r.owner().isSystem())) {
            throw new IllegalArgumentException("a user's rule is among the system rules");
        }
        if (own.stream().map(RoutingRule::owner).distinct().count() > 1 || own.stream().anyMatch(r -> r.owner().isSystem())) {
            throw new IllegalArgumentException("the own rules must all belong to one user");
        }
    }

    /** The first rule, in order, that routes this message. */
    public Optional<RoutingRule> match(Classification classification, boolean offline) {
        for (RoutingRule rule : own) {
            if (rule.matches(classification, offline)) {
                return Optional.of(rule);
            }
        }
        for (RoutingRule rule : system) {
            if (rule.matches(classification, offline)) {
                return Optional.of(rule);
            }
        }
        return Optional.empty();
    }

    /**
     * Checks that {@code candidate} can join {@code rules} of the same owner (replacing the rule with
     * its id, if any): its priority and name must not be another rule's.
     */
    public static void requireFits(List<RoutingRule> rules, RoutingRule candidate) {
        for (RoutingRule other : rules) {
            if (other.id().equals(candidate.id())) {
                continue;
            }
            if (other.priority() == candidate.priority()) {
                throw new Violation("priority", "rule \"" + other.name() + "\" already has priority " + other.priority());
            }
            if (other.name().equalsIgnoreCase(candidate.name())) {
                throw new Violation("name", "another rule is already named \"" + other.name() + "\"");
            }
        }
    }

    /**
     * The rules of one owner with new priorities. Every rule named must be one of {@code rules};
     * rules not named keep their priority; afterwards no two may share one.
     */
    public static List<RoutingRule> reorder(List<RoutingRule> rules, Map<RuleId, Integer> priorities) {
        Map<RuleId, RoutingRule> byId = new HashMap<>();
        rules.forEach(r -> byId.put(r.id(), r));
        for (RuleId id : priorities.keySet()) {
            if (!byId.containsKey(id)) {
                throw new Violation("rules", "no rule " + id + " among the rules being reordered");
            }
        }
        List<RoutingRule> result = new ArrayList<>();
        Set<Integer> taken = new HashSet<>();
        for (RoutingRule rule : rules) {
            RoutingRule next = priorities.containsKey(rule.id()) ? rule.withPriority(priorities.get(rule.id())) : rule;
            if (!taken.add(next.priority())) {
                throw new Violation("priority", "two rules would have priority " + next.priority());
            }
            result.add(next);
        }
        result.sort(BY_PRIORITY);
        return List.copyOf(result);
    }

    private static void requireConsistent(List<RoutingRule> rules) {
        if (rules.stream().map(RoutingRule::id).distinct().count() != rules.size()) {
            throw new IllegalArgumentException("a rule appears twice");
        }
        for (int i = 0; i < rules.size(); i++) {
            requireFits(rules.subList(0, i), rules.get(i));
        }
    }
}
