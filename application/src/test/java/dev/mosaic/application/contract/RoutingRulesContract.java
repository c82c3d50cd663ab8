package dev.mosaic.application.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.application.port.out.RoutingRules;
import dev.mosaic.domain.routing.Complexity;
import dev.mosaic.domain.routing.Condition;
import dev.mosaic.domain.routing.RequiredCapability;
import dev.mosaic.domain.routing.RouteAction;
import dev.mosaic.domain.routing.RouteTarget;
import dev.mosaic.domain.routing.RoutingRule;
import dev.mosaic.domain.user.Owner;
import dev.mosaic.domain.routing.TaskType;
import dev.mosaic.domain.user.UserId;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link RoutingRules} must do, run against the in-memory fake and the real database. */
public abstract class RoutingRulesContract {

    protected abstract RoutingRules rules();

    /** A user that exists in the store's world; {@code admin} ones may write system rules. */
    protected abstract UserId newUser(boolean admin);

    private RoutingRules store;
    private UserId admin;
    private UserId alice;
    private UserId bob;

    @BeforeEach
    void setUp() {
        store = rules();
        admin = newUser(true);
        alice = newUser(false);
        bob = newUser(false);
    }

    /** Names and priorities unique to this test, since system rules are shared by every test of a store. */
    private static RoutingRule rule(Owner owner, int priority) {
        return RoutingRule.create(owner, "rule " + UUID.randomUUID(), priority,
                new Condition.All(List.of(new Condition.Among(Condition.Field.TASK_TYPE, Set.of(TaskType.CODING)),
                        new Condition.Any(List.of(new Condition.Among(Condition.Field.COMPLEXITY, Set.of(Complexity.COMPLEX)),
                                new Condition.Requires(Set.of(RequiredCapability.REASONING)))))),
                new RouteAction(new RouteTarget("anthropic", "claude-opus-4-6"), null, "Think first.", List.of("read_file")),
                List.of(new RouteTarget("openai", "gpt-5.4")));
    }

    private static int freePriority() {
        return 5_000 + (int) (Math.random() * 4_000);
    }

    @Test
    void aUsersOwnRulesAreSeenByThatUserOnly() {
        RoutingRule mine = rule(Owner.of(alice), 1);
        store.save(alice, mine);
        assertEquals(List.of(mine), store.of(alice, Owner.of(alice)));
        assertEquals(List.of(), store.of(bob, Owner.of(alice)));
        assertEquals(List.of(), store.of(bob, Owner.of(bob)));
    }

    @Test
    void systemRulesAreSeenByEveryone() {
        RoutingRule system = rule(Owner.SYSTEM, freePriority());
        store.save(admin, system);
        assertTrue(store.of(alice, Owner.SYSTEM).contains(system));
        assertTrue(store.of(bob, Owner.SYSTEM).contains(system));
        assertTrue(store.delete(admin, Owner.SYSTEM, system.id()));
        assertFalse(store.of(alice, Owner.SYSTEM).contains(system));
    }

    @Test
    void rulesComeBackInPriorityOrderAndASavedRuleReplacesItself() {
        RoutingRule second = rule(Owner.of(alice), 20);
        RoutingRule first = rule(Owner.of(alice), 10);
        store.save(alice, second);
        store.save(alice, first);
        assertEquals(List.of(first, second), store.of(alice, Owner.of(alice)));

        RoutingRule renamed = second.revise("renamed", 5, new Condition.Fallback(), RouteAction.to(
                new RouteTarget("zai", "glm-5")), List.of());
        store.save(alice, renamed);
        assertEquals(List.of(renamed, first), store.of(alice, Owner.of(alice)));
    }

    @Test
    void nobodyDeletesAnotherUsersRule() {
        RoutingRule mine = rule(Owner.of(alice), 1);
        store.save(alice, mine);
        assertFalse(store.delete(bob, Owner.of(alice), mine.id()));
        assertFalse(store.delete(bob, Owner.of(bob), mine.id()));
        assertEquals(List.of(mine), store.of(alice, Owner.of(alice)));
        assertTrue(store.delete(alice, Owner.of(alice), mine.id()));
        assertEquals(List.of(), store.of(alice, Owner.of(alice)));
    }

    @Test
    void prioritiesCanBeSwapped() {
        RoutingRule a = rule(Owner.of(alice), 1);
        RoutingRule b = rule(Owner.of(alice), 2);
        store.save(alice, a);
        store.save(alice, b);
        store.reprioritise(alice, List.of(a.withPriority(2), b.withPriority(1)));
        assertEquals(List.of(b.withPriority(1), a.withPriority(2)), store.of(alice, Owner.of(alice)));
    }
}
