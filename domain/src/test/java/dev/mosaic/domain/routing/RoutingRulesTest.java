package dev.mosaic.domain.routing;

import dev.mosaic.domain.Violation;
import dev.mosaic.domain.user.Owner;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.domain.user.UserId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RoutingRulesTest {
    private static final RouteTarget OPUS = new RouteTarget("anthropic", "claude-opus-4-6");
    private static final RouteTarget SONNET = new RouteTarget("anthropic", "claude-sonnet-4-6");
    private static final RouteTarget GPT = new RouteTarget("openai", "gpt-5.4");
    private static final RouteTarget LLAMA = new RouteTarget("ollama", "llama3.2");
    private final UserId alice = UserId.random();

    private static Classification of(TaskType type, Complexity complexity, RequiredCapability... needs) {
        return new Classification(type, complexity, TaskDomain.GENERAL, CostTier.STANDARD, Set.of(needs), 0.8, List.of());
    }

    private static Condition conditions(String json) {
        return Condition.fromConditions(Json.parse(json));
    }

    private static RoutingRule rule(Owner owner, String name, int priority, String conditions, RouteTarget target) {
        return RoutingRule.create(owner, name, priority, conditions(conditions), RouteAction.to(target), List.of());
    }

    @Test
    void conditionsCombineWithAllAnyAndNot() {
        Condition c = conditions("""
                [{"taskType": ["coding", "analysis"]},
                 {"any": [{"complexity": "complex"}, {"requiredCapabilities": "reasoning"}]},
                 {"not": {"domain": "docs"}}]""");
        assertTrue(c.matches(of(TaskType.CODING, Complexity.COMPLEX), false));
        assertTrue(c.matches(of(TaskType.ANALYSIS, Complexity.SIMPLE, RequiredCapability.REASONING), false));
        assertFalse(c.matches(of(TaskType.ANALYSIS, Complexity.SIMPLE), false));
        assertFalse(c.matches(of(TaskType.RESEARCH, Complexity.COMPLEX), false));
        assertFalse(c.matches(new Classification(TaskType.CODING, Complexity.COMPLEX, TaskDomain.DOCS, CostTier.CHEAP,
                Set.of(), 1, List.of()), false));
        assertEquals("taskType in (coding, analysis) AND (complexity=complex OR requiredCapabilities includes reasoning) "
                + "AND NOT (domain=docs)", c.describe());
    }

    @Test
    void aConditionReadsBackAsItWasWritten() {
        Condition c = conditions("""
                [{"taskType": "coding"}, {"any": [{"costTier": "cheap"}, {"not": {"complexity": ["simple", "moderate"]}}]}]""");
        assertEquals(c, Condition.fromConditions(Condition.toConditions(c)));
        assertEquals(new Condition.Fallback(), conditions("[{\"fallback\": true}]"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "[]                                  | conditions          | at least one condition",
            "{}                                  | conditions          | must be a list",
            "[{\"taskType\": \"cooking\"}]       | conditions[0].taskType | must be one of coding, research",
            "[{\"mood\": \"happy\"}]             | conditions[0].mood  | unknown condition",
            "[{\"taskType\": \"coding\", \"complexity\": \"simple\"}] | conditions[0] | exactly one key",
            "[{\"any\": []}]                     | conditions[0].any   | non-empty list",
            "[{\"fallback\": false}]             | conditions[0].fallback | must be true",
            "[{\"all\": [{\"requiredCapabilities\": [\"telepathy\"]}]}] | conditions[0].all[0].requiredCapabilities | must be one of"})
    void aMalformedConditionIsRefusedNamingTheField(String json, String field, String reason) {
        Violation v = assertThrows(Violation.class, () -> conditions(json));
        assertEquals(field, v.field());
        assertTrue(v.reason().contains(reason), v.getMessage());
    }

    @Test
    void aRuleIsValidatedWhenMade() {
        Condition any = new Condition.Fallback();
        assertEquals("name", assertThrows(Violation.class, () -> RoutingRule.create(Owner.SYSTEM, " ", 1, any,
                RouteAction.to(OPUS), List.of())).field());
        assertEquals("priority", assertThrows(Violation.class, () -> RoutingRule.create(Owner.SYSTEM, "r", 0, any,
                RouteAction.to(OPUS), List.of())).field());
        assertEquals("fallbacks", assertThrows(Violation.class, () -> RoutingRule.create(Owner.SYSTEM, "r", 1, any,
                RouteAction.to(OPUS), List.of(GPT, OPUS))).field());
        assertEquals("toolAllowlist", assertThrows(Violation.class, () -> new RouteAction(OPUS, null, null,
                List.of("Read File"))).field());
        assertEquals("model", assertThrows(Violation.class, () -> RouteTarget.parse("opus")).field());
        assertEquals(new RouteTarget("openrouter", "anthropic/claude-sonnet-4.6"),
                RouteTarget.parse("openrouter/anthropic/claude-sonnet-4.6"));
    }

    @Test
    void aDraftReadsTheWholeRuleAndWritesItBack() {
        RuleDraft draft = RuleDraft.read(Json.parse("""
                {"name": "coding, complex", "priority": 10,
                 "conditions": [{"taskType": "coding"}, {"complexity": "complex"}],
                 "action": {"routeTo": {"provider": "anthropic", "model": "claude-opus-4-6",
                                        "systemPromptOverride": "You write careful code.", "toolAllowlist": ["read_file"]}},
                 "fallbacks": [{"provider": "openai", "model": "gpt-5.4"}]}"""));
        RoutingRule rule = draft.create(Owner.of(alice));
        assertEquals(Optional.of("You write careful code."), rule.action().systemPrompt());
        assertEquals(List.of(OPUS, GPT, SONNET), rule.chain(List.of(SONNET, GPT)));
        assertEquals(draft, RuleDraft.read(RuleDraft.write(rule)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"priority\": 1, \"conditions\": [{\"fallback\": true}], \"action\": {\"routeTo\": {\"provider\": \"openai\", \"model\": \"m\"}}} | name",
            "{\"name\": \"r\", \"priority\": 1.5, \"conditions\": [{\"fallback\": true}], \"action\": {\"routeTo\": {\"provider\": \"openai\", \"model\": \"m\"}}} | priority",
            "{\"name\": \"r\", \"priority\": 99999999999, \"conditions\": [{\"fallback\": true}], \"action\": {\"routeTo\": {\"provider\": \"openai\", \"model\": \"m\"}}} | priority",
            "{\"name\": \"r\", \"priority\": 1, \"conditions\": [{\"fallback\": true}], \"action\": {\"sendTo\": {}}} | action",
            "{\"name\": \"r\", \"priority\": 1, \"conditions\": [{\"fallback\": true}], \"action\": {\"routeTo\": {\"provider\": \"Open AI\", \"model\": \"m\"}}} | action.routeTo.provider",
            "{\"name\": \"r\", \"priority\": 1, \"conditions\": [{\"fallback\": true}], \"action\": {\"routeTo\": {\"provider\": \"openai\", \"model\": \"m\", \"agentConfigId\": \"x\"}}} | action.routeTo.agentConfigId",
            "{\"name\": \"r\", \"priority\": 1, \"conditions\": [{\"fallback\": true}], \"action\": {\"routeTo\": {\"provider\": \"openai\", \"model\": \"m\"}}, \"colour\": 1} | colour"})
    void aMalformedRuleIsRefusedNamingTheField(String json, String field) {
        assertEquals(field, assertThrows(Violation.class, () -> RuleDraft.read(Json.parse(json))).field());
    }

    @Test
    void aUsersRulesAreTriedBeforeTheSystemsAndEachByPriority() {
        RoutingRule systemCoding = rule(Owner.SYSTEM, "coding", 10, "[{\"taskType\": \"coding\"}]", OPUS);
        RoutingRule systemFallback = rule(Owner.SYSTEM, "fallback", 100, "[{\"fallback\": true}]", SONNET);
        RoutingRule mine = rule(Owner.of(alice), "my coding", 50, "[{\"taskType\": \"coding\"}]", GPT);
        RuleSet rules = new RuleSet(List.of(mine), List.of(systemFallback, systemCoding));
        assertEquals(mine, rules.match(of(TaskType.CODING, Complexity.SIMPLE), false).orElseThrow());
        assertEquals(systemFallback, rules.match(of(TaskType.CREATIVE, Complexity.SIMPLE), false).orElseThrow());
        assertEquals(List.of(systemCoding, systemFallback), rules.system());
    }

    @Test
    void offlineOnlyRulesThatNameOfflineRoute() {
        RoutingRule coding = rule(Owner.SYSTEM, "coding", 10, "[{\"taskType\": \"coding\"}]", OPUS);
        RoutingRule offline = rule(Owner.SYSTEM, "offline", 990, "[{\"offline\": true}]", LLAMA);
        RuleSet rules = new RuleSet(List.of(), List.of(coding, offline));
        assertEquals(coding, rules.match(of(TaskType.CODING, Complexity.SIMPLE), false).orElseThrow());
        assertEquals(offline, rules.match(of(TaskType.CODING, Complexity.SIMPLE), true).orElseThrow());
    }

    @Test
    void prioritiesAndNamesAreUniqueWithinAnOwnerAndAReorderCannotDuplicateOne() {
        RoutingRule a = rule(Owner.SYSTEM, "a", 1, "[{\"fallback\": true}]", OPUS);
        RoutingRule b = rule(Owner.SYSTEM, "b", 2, "[{\"fallback\": true}]", GPT);
        assertEquals("priority", assertThrows(Violation.class, () -> RuleSet.requireFits(List.of(a),
                rule(Owner.SYSTEM, "c", 1, "[{\"fallback\": true}]", GPT))).field());
        assertEquals("name", assertThrows(Violation.class, () -> RuleSet.requireFits(List.of(a),
                rule(Owner.SYSTEM, "A", 5, "[{\"fallback\": true}]", GPT))).field());
        assertThrows(IllegalArgumentException.class, () -> new RuleSet(List.of(), List.of(a, a.withPriority(3))));

        assertEquals(List.of(b.withPriority(1), a.withPriority(2)), RuleSet.reorder(List.of(a, b),
                Map.of(a.id(), 2, b.id(), 1)));
        assertEquals("priority", assertThrows(Violation.class, () -> RuleSet.reorder(List.of(a, b),
                Map.of(a.id(), 2))).field());
        assertEquals("rules", assertThrows(Violation.class, () -> RuleSet.reorder(List.of(a, b),
                Map.of(RuleId.random(), 7))).field());
    }

    @Test
    void aDecisionWalksTheChainRecordingEveryModelPassedOver() {
        RoutingRule coding = RoutingRule.create(Owner.SYSTEM, "coding", 10, conditions("[{\"taskType\": \"coding\"}]"),
                RouteAction.to(OPUS), List.of(SONNET));
        RuleSet rules = new RuleSet(List.of(), List.of(coding));
        Map<RouteTarget, String> down = Map.of(OPUS, "no credential");
        RoutingDecision d = RoutingDecision.route(of(TaskType.CODING, Complexity.COMPLEX), rules, null, false,
                List.of(GPT), t -> Optional.ofNullable(down.get(t)));
        assertEquals(OPUS, d.routed());
        assertEquals(List.of(OPUS, SONNET, GPT), d.chain());
        assertEquals(SONNET, d.selected());
        assertEquals(List.of(new RoutingDecision.Hop(OPUS, "no credential")), d.hops());
        assertEquals("coding/complex (0.80); rule \"coding\" → anthropic/claude-opus-4-6; "
                + "anthropic/claude-opus-4-6: no credential; answered by anthropic/claude-sonnet-4-6", d.reason());

        RoutingDecision next = d.passOver("provider_overloaded", t -> Optional.ofNullable(down.get(t)));
        assertEquals(GPT, next.selected());
        assertEquals(2, next.hops().size());
        assertEquals(Optional.empty(), next.passOver("provider_timeout", t -> Optional.empty()).selectedTarget());

        RoutingDecision failed = d.failedOver(GPT, "provider_overloaded", 42);
        assertEquals(GPT, failed.selected());
        assertEquals(List.of(new RoutingDecision.Failover(SONNET, GPT, "provider_overloaded", 42)), failed.failovers());
        assertEquals(failed, DecisionTree.read(Json.parse(Json.write(DecisionTree.write(failed)))));
    }

    @Test
    void aPinComesBeforeEveryRuleAndTheDefaultsFollowIt() {
        RuleSet rules = new RuleSet(List.of(), List.of(rule(Owner.SYSTEM, "all", 1, "[{\"fallback\": true}]", OPUS)));
        RoutingDecision d = RoutingDecision.route(of(TaskType.CODING, Complexity.COMPLEX), rules, GPT, false,
                List.of(SONNET, GPT), t -> Optional.empty());
        assertTrue(d.pinned());
        assertEquals(List.of(GPT, SONNET), d.chain());
        assertTrue(d.reason().contains("pinned to openai/gpt-5.4"), d.reason());
    }

    @Test
    void withNothingReachableAStandInAnswersForTheRoutedModel() {
        RuleSet rules = new RuleSet(List.of(), List.of(rule(Owner.SYSTEM, "all", 1, "[{\"fallback\": true}]", OPUS)));
        RoutingDecision d = RoutingDecision.route(of(TaskType.CONVERSATION, Complexity.SIMPLE), rules, null, false,
                List.of(GPT), t -> Optional.of("no credential"));
        assertTrue(d.selectedTarget().isEmpty());
        RoutingDecision simulated = d.answeredBy("simulator");
        assertEquals(OPUS, simulated.selected());
        assertTrue(simulated.reason().endsWith("no provider is reachable: the simulator answers for it"),
                simulated.reason());
        assertEquals(List.of(), simulated.hops(), "nothing could be reached; the stand-in says so once");
        assertThrows(IllegalArgumentException.class, () -> new RoutingDecision(d.classification(), null, false, OPUS,
                List.of(GPT), null, List.of(), null, false, null, List.of(), null), "the chain starts with the routed model");
    }

    @Test
    void aLongConversationRequiresALongContext() {
        Classification c = of(TaskType.CODING, Complexity.SIMPLE).requiring(RequiredCapability.LONG_CONTEXT, "tokens>100000");
        assertTrue(c.requires(RequiredCapability.LONG_CONTEXT));
        assertEquals(List.of("tokens>100000"), c.features());
        assertThrows(IllegalArgumentException.class, () -> new Classification(TaskType.CODING, Complexity.SIMPLE,
                TaskDomain.GENERAL, CostTier.CHEAP, Set.of(), 1.5, List.of()));
    }
}
