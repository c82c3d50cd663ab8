package dev.mosaic.application.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.application.ErrorCode;
import dev.mosaic.application.Rejection;
import dev.mosaic.application.fakes.InMemoryAccounts;
import dev.mosaic.application.fakes.InMemoryAgents;
import dev.mosaic.application.fakes.InMemoryRoutingRules;
import dev.mosaic.application.fakes.LocalOwnerChanges;
import dev.mosaic.application.port.in.ManageRoutingRulesUseCase.Outcome;
import dev.mosaic.application.port.in.ManageRoutingRulesUseCase.Scope;
import dev.mosaic.domain.routing.RoutingRule;
import dev.mosaic.domain.routing.RuleId;
import dev.mosaic.domain.user.Owner;
import dev.mosaic.domain.user.User;
import dev.mosaic.domain.user.UserId;
import dev.mosaic.domain.user.UserRole;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RoutingRuleServiceTest {
    private final InMemoryAccounts accounts = new InMemoryAccounts();
    private final InMemoryRoutingRules store = new InMemoryRoutingRules();
    private final InMemoryAgents agents = new InMemoryAgents();
    private final LocalOwnerChanges changes = new LocalOwnerChanges();
    private final ModelCatalogService catalog = new ModelCatalogService();
    private final RoutingRuleService rules = new RoutingRuleService(store, accounts, changes, catalog::whyNotRoutable,
            agents);
    private final UserId admin = user("admin", UserRole.ADMIN);
    private final UserId alice = user("alice", UserRole.USER);
    private final UserId bob = user("bob", UserRole.USER);

    RoutingRuleServiceTest() {
        changes.subscribe(rules::changed, rules::forgetAll);
    }

    private UserId user(String name, UserRole role) {
        User user = new User(UserId.random(), name, Instant.now());
        accounts.create(user, role);
        return user.id();
    }

    private static Map<String, Object> rule(String name, int priority, String taskType, String provider, String model) {
        return Map.of("name", name, "priority", priority, "conditions", List.of(Map.of("taskType", taskType)),
                "action", Map.of("routeTo", Map.of("provider", provider, "model", model)));
    }

    private static <T> T done(Outcome<T> outcome) {
        return ((Outcome.Done<T>) assertInstanceOf(Outcome.Done.class, outcome)).value();
    }

    private static Rejection rejected(Outcome<?> outcome) {
        return assertInstanceOf(Outcome.Rejected.class, outcome).rejection();
    }

    @Test
    void onlyAnAdminChangesTheSystemRulesButEveryoneReadsThem() {
        Rejection refused = rejected(rules.create(alice, Scope.SYSTEM, rule("coding", 10, "coding", "openai", "gpt-5.4")));
        assertEquals(ErrorCode.FORBIDDEN, refused.code());
        RoutingRule made = done(rules.create(admin, Scope.SYSTEM, rule("coding", 10, "coding", "openai", "gpt-5.4")));
        assertEquals(List.of(made), rules.list(alice, Scope.SYSTEM));
        assertEquals(ErrorCode.FORBIDDEN, rejected(rules.delete(bob, Scope.SYSTEM, made.id())).code());
        assertEquals(ErrorCode.FORBIDDEN, rejected(rules.reorder(bob, Scope.SYSTEM, Map.of(made.id(), 3))).code());
        assertEquals(List.of(made), rules.list(alice, Scope.SYSTEM), "nothing changed");
    }

    @Test
    void aUsersOwnRulesAreTheirsAloneAndComeFirst() {
        done(rules.create(admin, Scope.SYSTEM, rule("coding", 10, "coding", "openai", "gpt-5.4")));
        RoutingRule mine = done(rules.create(alice, Scope.MINE, rule("my coding", 10, "coding", "anthropic",
                "claude-opus-4-6")));
        assertEquals(List.of(mine), rules.list(alice, Scope.MINE));
        assertEquals(List.of(), rules.list(bob, Scope.MINE));
        assertEquals(mine, rules.ruleSetFor(alice).own().getFirst());
        assertEquals(ErrorCode.NOT_FOUND, rejected(rules.delete(bob, Scope.MINE, mine.id())).code());
        assertEquals(ErrorCode.NOT_FOUND, rejected(rules.update(bob, Scope.MINE, mine.id(),
                rule("stolen", 1, "coding", "openai", "gpt-5.4"))).code());
    }

    @Test
    void badRulesAreRefusedNamingTheFieldAndNothingIsSaved() {
        assertEquals("conditions[0].taskType", rejected(rules.create(alice, Scope.MINE,
                rule("r", 1, "cooking", "openai", "gpt-5.4"))).field());
        Rejection unknownModel = rejected(rules.create(alice, Scope.MINE, rule("r", 1, "coding", "openai", "gpt-5.5")));
        assertEquals("action.routeTo", unknownModel.field());
        assertTrue(unknownModel.message().contains("did you mean openai/gpt-5.4"), unknownModel.message());
        assertEquals("action.routeTo", rejected(rules.create(alice, Scope.MINE,
                rule("r", 1, "coding", "acme", "m"))).field());
        Map<String, Object> withAgent = Map.of("name", "r", "priority", 1, "conditions", List.of(Map.of("fallback", true)),
                "action", Map.of("routeTo", Map.of("provider", "openai", "model", "gpt-5.4", "agentConfigId",
                        "7a1de5a2-1111-4222-8333-944455556666")));
        assertEquals("action.routeTo.agentConfigId", rejected(rules.create(alice, Scope.MINE, withAgent)).field());
        done(rules.create(alice, Scope.MINE, rule("r", 1, "coding", "openai", "gpt-5.4")));
        assertEquals("priority", rejected(rules.create(alice, Scope.MINE, rule("s", 1, "research", "openai", "gpt-5.4")))
                .field());
        assertEquals(1, rules.list(alice, Scope.MINE).size());
    }

    @Test
    void aReorderMovesRulesAtOnceOrNotAtAll() {
        RoutingRule a = done(rules.create(alice, Scope.MINE, rule("a", 1, "coding", "openai", "gpt-5.4")));
        RoutingRule b = done(rules.create(alice, Scope.MINE, rule("b", 2, "research", "openai", "gpt-5.4")));
        assertEquals("priority", rejected(rules.reorder(alice, Scope.MINE, Map.of(a.id(), 2))).field());
        assertEquals("rules", rejected(rules.reorder(alice, Scope.MINE, Map.of(RuleId.random(), 3))).field());
        assertEquals(List.of(a, b), rules.list(alice, Scope.MINE));
        List<RoutingRule> reordered = done(rules.reorder(alice, Scope.MINE, Map.of(a.id(), 2, b.id(), 1)));
        assertEquals(List.of("b", "a"), reordered.stream().map(RoutingRule::name).toList());
        assertEquals(List.of("b", "a"), rules.list(alice, Scope.MINE).stream().map(RoutingRule::name).toList());
    }

    @Test
    void rulesAreReadOnceAndReadAgainAfterAChangeIsAnnounced() {
        done(rules.create(admin, Scope.SYSTEM, rule("coding", 10, "coding", "openai", "gpt-5.4")));
        rules.ruleSetFor(alice);
        int reads = store.reads();
        rules.ruleSetFor(alice);
        rules.ruleSetFor(alice);
        assertEquals(reads, store.reads(), "from the cache");
        changes.publish(Owner.SYSTEM);
        rules.ruleSetFor(alice);
        assertEquals(reads + 1, store.reads(), "the system rules again, alice's own still cached");
        assertTrue(changes.published().contains(Owner.SYSTEM));
    }

    @Test
    void aWriteIsReadBackOnItsOwnInstanceBeforeItsAnnouncementComesBack() {
        // Announcements that never come back, as when the broker is slow: only the write's own drop is left.
        LocalOwnerChanges unheard = new LocalOwnerChanges();
        RoutingRuleService here = new RoutingRuleService(store, accounts, unheard, catalog::whyNotRoutable, agents);
        assertEquals(List.of(), here.ruleSetFor(alice).own(), "cached: alice has no rules");
        RoutingRule mine = done(here.create(alice, Scope.MINE, rule("my coding", 10, "coding", "anthropic",
                "claude-opus-4-6")));
        assertEquals(List.of(mine), here.ruleSetFor(alice).own());
        done(here.delete(alice, Scope.MINE, mine.id()));
        assertEquals(List.of(), here.ruleSetFor(alice).own());
        assertEquals(List.of(Owner.of(alice), Owner.of(alice)), unheard.published(), "and every instance is told");
    }
}
