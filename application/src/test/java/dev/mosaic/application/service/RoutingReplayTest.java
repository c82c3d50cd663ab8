package dev.mosaic.application.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mosaic.application.fakes.InMemoryRoutingRules;
import dev.mosaic.application.port.out.RoutingHistory;
import dev.mosaic.domain.conversation.Usage;
import dev.mosaic.domain.routing.Classification;
import dev.mosaic.domain.routing.Complexity;
import dev.mosaic.domain.routing.CostTier;
import dev.mosaic.domain.routing.RouteTarget;
import dev.mosaic.domain.Violation;
import dev.mosaic.domain.routing.TaskDomain;
import dev.mosaic.domain.routing.TaskType;
import dev.mosaic.domain.user.UserId;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RoutingReplayTest {
    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");
    private final UserId alice = UserId.random();
    private final UserId bob = UserId.random();

    /** Messages with "code" are coding; anything else a conversation. */
    private static Classification classify(String text) {
        return new Classification(text.contains("code") ? TaskType.CODING : TaskType.CONVERSATION, Complexity.SIMPLE,
                TaskDomain.GENERAL, CostTier.STANDARD, Set.of(), 1, List.of());
    }

    private final RoutingHistory history = new RoutingHistory() {
        @Override
        public List<Exchange> exchangesSince(UserId actor, Instant since) {
            Usage million = new Usage(1_000_000, 0, 0);
            return actor.equals(alice)
                    ? List.of(new Exchange(T0, "write code", "anthropic", "claude-opus-4-6", million),
                            new Exchange(T0, "hello", "anthropic", "claude-opus-4-6", million),
                            new Exchange(T0, "unanswered", null, null, Usage.NONE))
                    : List.of(new Exchange(T0, "more code", "openai", "gpt-5.4", million));
        }

        @Override
        public List<UserId> askersSince(Instant since) {
            return List.of(alice, bob);
        }
    };

    private final RoutingReplay replay = new RoutingReplay(RoutingReplayTest::classify, history, new InMemoryRoutingRules(),
            new ModelCatalogService(), List.of(new RouteTarget("anthropic", "claude-sonnet-4-6")));

    private static Map<String, Object> rule(String name, int priority, String type, String provider, String model) {
        return Map.of("name", name, "priority", priority, "conditions", List.of(Map.of("taskType", type)),
                "action", Map.of("routeTo", Map.of("provider", provider, "model", model)));
    }

    @Test
    void countsWhereEachAnswerWouldGoAndWhatItWouldCost() {
        RoutingReplay.Report report = replay.replay(Optional.empty(), T0,
                RoutingReplay.candidates(List.of(rule("coding", 1, "coding", "zai", "glm-5"))));
        assertEquals(4, report.questions());
        assertEquals(3, report.answered());
        assertEquals(List.of(new RoutingReplay.Move("anthropic/claude-opus-4-6", "anthropic/claude-sonnet-4-6", 1),
                new RoutingReplay.Move("anthropic/claude-opus-4-6", "zai/glm-5", 1),
                new RoutingReplay.Move("openai/gpt-5.4", "zai/glm-5", 1)), report.moves());
        // A million input tokens each: opus $5 twice and gpt-5.4 $2.50, against glm-5 $1 twice and sonnet $3.
        assertEquals(0, new BigDecimal("12.50").compareTo(report.costBefore()), report.costBefore().toPlainString());
        assertEquals(0, new BigDecimal("5").compareTo(report.costAfter()), report.costAfter().toPlainString());
    }

    @Test
    void oneUsersTrafficOnlyWhenAsked() {
        assertEquals(1, replay.replay(Optional.of(bob), T0, List.of()).questions());
    }

    @Test
    void badCandidateRulesAreRefusedNamingTheRule() {
        Violation v = assertThrows(Violation.class, () -> RoutingReplay.candidates(List.of(
                rule("a", 1, "coding", "zai", "glm-5"), rule("b", 2, "cooking", "zai", "glm-5"))));
        assertEquals("rules[1].conditions[0].taskType", v.field());
        assertThrows(Violation.class, () -> RoutingReplay.candidates(List.of(
                rule("a", 1, "coding", "zai", "glm-5"), rule("b", 1, "research", "zai", "glm-5"))));
    }
}
