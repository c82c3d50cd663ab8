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
import dev.mosaic.domain.conversation.ContentBlock;
import dev.mosaic.domain.conversation.ConversationId;
import dev.mosaic.domain.conversation.Generation;
import dev.mosaic.domain.conversation.Message;
import dev.mosaic.domain.conversation.MessageStatus;
import dev.mosaic.domain.conversation.Reply;
import dev.mosaic.domain.conversation.StopReason;
import dev.mosaic.domain.conversation.Usage;
import dev.mosaic.domain.routing.RouteTarget;
import dev.mosaic.domain.user.UserId;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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

    /** An assistant reply started in the conversation, stored as streaming. */
    private Message startedReply() {
        Conversation conversation = conversations().find(alice, this.conversation).orElseThrow();
        Message started = Message.assistantStarted(conversation, OPUS.provider(), OPUS.model(), Instant.now());
        conversations().append(alice, started);
        return started;
    }

    private static Message finished(Message started, String text) {
        return Reply.of(started).finish(List.of(new ContentBlock.Text(text)), new Generation(OPUS.provider(), OPUS.model(),
                new Usage(100, 10, 2), StopReason.END_TURN, Duration.ofMillis(40), Duration.ofMillis(250), null,
                new BigDecimal("0.01"))).message();
    }

    private static ConversationMetrics.Turn counted(RouteTarget model, long input) {
        return new ConversationMetrics.Turn(model, null, new Usage(input, 10, 2), new BigDecimal("0.01"),
                Duration.ofMillis(250), 1);
    }

    private Message stored(Message message) {
        return conversations().messages(alice, conversation).stream().filter(m -> m.id().equals(message.id()))
                .findFirst().orElseThrow();
    }

    @Test
    void aFinalUpdateCountsTheTurnsItIsGivenInOrder() {
        turn(GPT, null, 1, "0.01", 0);
        Message reply = finished(startedReply(), "All done.");

        assertTrue(conversations().updateCounting(alice, reply, List.of(counted(OPUS, 100), counted(GPT, 50))));

        Message stored = stored(reply);
        assertEquals("All done.", stored.text());
        assertEquals(MessageStatus.COMPLETE, stored.status());
        ConversationTotals totals = store.find(alice, conversation).orElseThrow();
        assertEquals(3, totals.turns());
        assertEquals(151, totals.inputTokens());
        assertEquals(2, totals.modelSwitches(), "gpt, then opus, then gpt again");
        assertEquals(2, totals.toolCalls());
        assertEquals(Duration.ofMillis(750), totals.activeDuration());
    }

    @Test
    void aTurnThatCannotBeCountedNeitherFailsNorLosesTheFinalUpdate() {
        turn(OPUS, null, Long.MAX_VALUE, "0.01", 0);
        Message reply = finished(startedReply(), "Stored all the same.");

        // The second turn's input tokens no longer fit the sum: neither turn is counted, the reply is stored.
        assertFalse(conversations().updateCounting(alice, reply, List.of(counted(GPT, 0), counted(OPUS, 1))));

        Message stored = stored(reply);
        assertEquals("Stored all the same.", stored.text());
        assertEquals(MessageStatus.COMPLETE, stored.status());
        ConversationTotals totals = store.find(alice, conversation).orElseThrow();
        assertEquals(1, totals.turns(), "nothing of the failed count is kept");
        assertEquals(0, totals.modelSwitches());
    }

    @Test
    void anotherUsersReplyIsNeitherUpdatedNorCounted() {
        Message started = startedReply();
        Message reply = finished(started, "Not yours.");

        assertThrows(IllegalStateException.class,
                () -> conversations().updateCounting(bob, reply, List.of(counted(OPUS, 100))));

        assertEquals(MessageStatus.STREAMING, stored(started).status());
        assertEquals(0, store.find(alice, conversation).orElseThrow().turns());
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
