package dev.mosaic.application.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.application.port.out.ConversationMetrics;
import dev.mosaic.application.port.out.Conversations;
import dev.mosaic.application.view.ConversationTotals;
import dev.mosaic.domain.agent.AgentId;
import dev.mosaic.domain.conversation.Conversation;
import dev.mosaic.domain.conversation.ConversationId;
import dev.mosaic.domain.conversation.Usage;
import dev.mosaic.domain.routing.RouteTarget;
import dev.mosaic.domain.user.UserId;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link ConversationMetrics} must do, run against the in-memory fake and the real database. */
public abstract class ConversationMetricsContract {
    private static final RouteTarget OPUS = new RouteTarget("anthropic", "claude-opus-4-6");
    private static final RouteTarget GPT = new RouteTarget("openai", "gpt-5.4");

    protected abstract ConversationMetrics metrics();

    /** Where the conversations the metrics belong to live. */
    protected abstract Conversations conversations();

    protected abstract UserId newUser();

    /**
     * Agents as the store's world has them. The contract only needs ids; a store may ignore whether
     * they are stored.
     */
    protected AgentId anAgent() {
        return AgentId.random();
    }

    private ConversationMetrics store;
    private UserId alice;
    private UserId bob;
    private ConversationId conversation;

    @BeforeEach
    void setUp() {
        store = metrics();
        alice = newUser();
        bob = newUser();
        Conversation started = Conversation.start(alice, "hello", Instant.now());
        conversations().create(alice, started);
        conversation = started.id();
    }

    private void turn(RouteTarget model, AgentId agent, long input, String cost, int toolCalls) {
        store.recordTurn(alice, conversation, model, agent, new Usage(input, 10, 2), cost == null ? null : new BigDecimal(cost),
                Duration.ofMillis(250), toolCalls);
    }

    @Test
    void aConversationWithoutTurnsHasUsedNothing() {
        assertEquals(Optional.of(ConversationTotals.none(conversation)), store.find(alice, conversation));
    }

    @Test
    void turnsAddUpAndOnlyAChangeOfModelOrAgentIsASwitch() {
        AgentId coder = anAgent();
        AgentId writer = anAgent();
        turn(OPUS, coder, 100, "0.01", 2);
        ConversationTotals first = store.find(alice, conversation).orElseThrow();
        assertEquals(0, first.modelSwitches(), "the first turn is not a switch");
        assertEquals(0, first.agentSwitches());

        turn(OPUS, coder, 100, "0.02", 1);
        turn(GPT, coder, 100, "0.03", 0);
        turn(GPT, writer, 100, "0.04", 0);
        turn(OPUS, null, 100, "0.05", 0);

        ConversationTotals totals = store.find(alice, conversation).orElseThrow();
        assertEquals(5, totals.turns());
        assertEquals(500, totals.inputTokens());
        assertEquals(50, totals.outputTokens());
        assertEquals(10, totals.cachedInputTokens());
        assertEquals(0, new BigDecimal("0.15").compareTo(totals.costUsd()), totals.costUsd().toString());
        assertTrue(totals.costComplete());
        assertEquals(2, totals.modelSwitches());
        assertEquals(2, totals.agentSwitches());
        assertEquals(3, totals.toolCalls());
        assertEquals(Duration.ofMillis(1250), totals.activeDuration());
    }

    @Test
    void anUnknownCostLeavesTheSumOfTheKnownOnesMarkedIncomplete() {
        turn(OPUS, null, 1, "0.5", 0);
        turn(OPUS, null, 1, null, 0);
        turn(OPUS, null, 1, "0.25", 0);
        ConversationTotals totals = store.find(alice, conversation).orElseThrow();
        assertEquals(0, new BigDecimal("0.75").compareTo(totals.costUsd()));
        assertFalse(totals.costComplete());
    }

    @Test
    void anotherUsersConversationIsNeitherReadNorWritten() {
        turn(OPUS, null, 100, "0.01", 0);
        assertEquals(Optional.empty(), store.find(bob, conversation));
        assertThrows(IllegalStateException.class, () -> store.recordTurn(bob, conversation, GPT, null, Usage.NONE,
                BigDecimal.ONE, Duration.ZERO, 0));
        assertThrows(IllegalStateException.class, () -> store.recordTurn(alice, ConversationId.random(), GPT, null,
                Usage.NONE, BigDecimal.ONE, Duration.ZERO, 0));
        assertEquals(1, store.find(alice, conversation).orElseThrow().turns());
    }
}
