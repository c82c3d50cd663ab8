package dev.mosaic.application.fakes;

import dev.mosaic.application.port.out.RoutingRules;
import dev.mosaic.domain.routing.RoutingRule;
import dev.mosaic.domain.routing.RuleId;
import dev.mosaic.domain.user.Owner;
import dev.mosaic.domain.user.UserId;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fake {@link RoutingRules}: the system's rules and each user's, visible as the real store makes
 * them visible (admin checks are the service's here; the database repeats them). Counts reads, so
 * tests can see the cache at work.
 */
public final class InMemoryRoutingRules implements RoutingRules {
    private final Map<RuleId, RoutingRule> rules = new LinkedHashMap<>();
    private final AtomicInteger reads = new AtomicInteger();

    @Override
    public synchronized List<RoutingRule> of(UserId actor, Owner owner) {
        reads.incrementAndGet();
        if (!owner.appliesTo(actor)) {
            return List.of();
        }
        return rules.values().stream().filter(r -> r.owner().equals(owner))
                .sorted(Comparator.comparingInt(RoutingRule::priority)).toList();
    }

    @Override
    public synchronized void save(UserId actor, RoutingRule rule) {
        if (!rule.owner().appliesTo(actor)) {
            throw new IllegalStateException("an actor can only write its own rules or the system's");
        }
        RoutingRule stored = rules.get(rule.id());
        if (stored != null && !stored.owner().equals(rule.owner())) {
            throw new IllegalStateException("a rule keeps its owner");
        }
        rules.put(rule.id(), rule);
    }

    @Override
    public synchronized boolean delete(UserId actor, Owner owner, RuleId id) {
        RoutingRule stored = rules.get(id);
        if (stored == null || !stored.owner().equals(owner) || !owner.appliesTo(actor)) {
            return false;
        }
        rules.remove(id);
        return true;
    }

    @Override
    public synchronized void reprioritise(UserId actor, List<RoutingRule> changed) {
        for (RoutingRule rule : changed) {
            if (!rules.containsKey(rule.id()) || !rule.owner().appliesTo(actor)) {
                throw new IllegalStateException("no rule " + rule.id() + " of the actor's to reorder");
            }
        }
        changed.forEach(r -> rules.put(r.id(), r));
    }

    public int reads() {
        return reads.get();
    }
}
