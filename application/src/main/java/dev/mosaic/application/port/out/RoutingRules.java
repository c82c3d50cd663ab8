package dev.mosaic.application.port.out;

import dev.mosaic.domain.routing.RoutingRule;
import dev.mosaic.domain.routing.RuleId;
import dev.mosaic.domain.user.Owner;
import dev.mosaic.domain.user.UserId;
import java.util.List;

/**
 * Stored routing rules, seen through the acting user: the system's rules and the actor's own, never
 * another user's. Only an admin may change system rules (the database checks it too).
 */
public interface RoutingRules {

    /** The rules of {@code owner} (the system, or the actor itself), by priority. */
    List<RoutingRule> of(UserId actor, Owner owner);

    /** Stores a new rule or replaces the stored rule with its id. */
    void save(UserId actor, RoutingRule rule);

    /** @return false when the actor sees no such rule of that owner */
    boolean delete(UserId actor, Owner owner, RuleId id);

    /** Stores new priorities of some of one owner's rules, all or none. */
    void reprioritise(UserId actor, List<RoutingRule> rules);
}
