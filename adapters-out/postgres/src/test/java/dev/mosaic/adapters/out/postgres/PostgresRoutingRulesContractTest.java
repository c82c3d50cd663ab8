package dev.mosaic.adapters.out.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.application.contract.RoutingRulesContract;
import dev.mosaic.application.port.out.RoutingRules;
import dev.mosaic.domain.routing.Condition;
import dev.mosaic.domain.routing.RouteAction;
import dev.mosaic.domain.routing.RouteTarget;
import dev.mosaic.domain.routing.RoutingRule;
import dev.mosaic.domain.user.Owner;
import dev.mosaic.domain.Violation;
import dev.mosaic.domain.user.User;
import dev.mosaic.domain.user.UserId;
import dev.mosaic.domain.user.UserRole;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PostgresRoutingRulesContractTest extends RoutingRulesContract {
    private static final PostgresDatabase database = TestDatabase.shared();

    @Override
    protected RoutingRules rules() {
        return database.routingRules();
    }

    @Override
    protected UserId newUser(boolean admin) {
        User user = new User(UserId.random(), "rules-" + UUID.randomUUID(), Instant.now());
        database.users().create(user, admin ? UserRole.ADMIN : UserRole.USER);
        return user.id();
    }

    private static RoutingRule system(String name, int priority) {
        return RoutingRule.create(Owner.SYSTEM, name, priority, new Condition.Fallback(),
                RouteAction.to(new RouteTarget("openai", "gpt-5.4")), List.of());
    }

    @Test
    void theDatabaseItselfLetsOnlyAnAdminWriteSystemRules() {
        UserId alice = newUser(false);
        RoutingRule sneaky = system("sneaky " + UUID.randomUUID(), 9_998);
        assertThrows(IllegalStateException.class, () -> database.routingRules().save(alice, sneaky));
        assertTrue(database.routingRules().of(alice, Owner.SYSTEM).stream().noneMatch(r -> r.id().equals(sneaky.id())));
    }

    @Test
    void theSeededSystemRulesAreReadableByEveryone() {
        List<RoutingRule> seeded = database.routingRules().of(newUser(false), Owner.SYSTEM);
        assertTrue(seeded.stream().anyMatch(r -> r.name().equals("simple questions")
                && r.action().target().equals(new RouteTarget("anthropic", "claude-haiku-4-5"))), seeded::toString);
        assertTrue(seeded.stream().anyMatch(r -> r.name().equals("offline") && r.condition().namesOffline()));
    }

    @Test
    void aPriorityTakenByARacingWriterIsRefusedNamingTheField() {
        UserId bob = newUser(false);
        database.routingRules().save(bob, RoutingRule.create(Owner.of(bob), "first", 7, new Condition.Fallback(),
                RouteAction.to(new RouteTarget("openai", "gpt-5.4")), List.of()));
        Violation v = assertThrows(Violation.class, () -> database.routingRules().save(bob,
                RoutingRule.create(Owner.of(bob), "second", 7, new Condition.Fallback(),
                        RouteAction.to(new RouteTarget("openai", "gpt-5.4")), List.of())));
        assertEquals("priority", v.field());
    }
}
