package dev.mosaic.application.contract;

import dev.mosaic.application.view.RoutedReply;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.application.PageRequest;
import dev.mosaic.application.port.out.Conversations;
import dev.mosaic.application.view.ConversationSummary;
import dev.mosaic.domain.agent.AgentId;
import dev.mosaic.domain.conversation.ContentBlock;
import dev.mosaic.domain.conversation.Conversation;
import dev.mosaic.domain.conversation.ConversationId;
import dev.mosaic.domain.conversation.Generation;
import dev.mosaic.domain.conversation.Message;
import dev.mosaic.domain.conversation.MessageError;
import dev.mosaic.domain.conversation.MessageId;
import dev.mosaic.domain.conversation.MessageStatus;
import dev.mosaic.domain.conversation.Role;
import dev.mosaic.domain.conversation.StopReason;
import dev.mosaic.domain.conversation.Usage;
import dev.mosaic.domain.routing.Classification;
import dev.mosaic.domain.routing.Complexity;
import dev.mosaic.domain.routing.CostTier;
import dev.mosaic.domain.routing.RequiredCapability;
import dev.mosaic.domain.routing.RouteTarget;
import dev.mosaic.domain.routing.RoutingDecision;
import dev.mosaic.domain.routing.RuleId;
import dev.mosaic.domain.routing.TaskDomain;
import dev.mosaic.domain.routing.TaskType;
import dev.mosaic.domain.user.UserId;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Conversations} must do, run against the in-memory fake and the real database.
 * Instants and durations use millisecond precision, which every store keeps.
 */
public abstract class ConversationsContract {

    /** The store under test, empty of the users {@link #newUser()} makes. */
    protected abstract Conversations conversations();

    /** A user that exists in the store's world (a real store needs the row its data refers to). */
    protected abstract UserId newUser();

    private Conversations store;
    private UserId alice;
    private UserId bob;
    private final Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    @BeforeEach
    void setUpUsers() {
        store = conversations();
        alice = newUser();
        bob = newUser();
    }

    private Conversation conversationOf(UserId owner) {
        return conversationOf(owner, t0);
    }

    private Conversation conversationOf(UserId owner, Instant createdAt) {
        Conversation conversation = Conversation.start(owner, "Plan a trip to Lisbon", createdAt);
        store.create(owner, conversation);
        return conversation;
    }

    @Test
    void aCreatedConversationIsFoundByItsOwner() {
        Conversation conversation = conversationOf(alice);
        assertEquals(conversation, store.find(alice, conversation.id()).orElseThrow());
    }

    @Test
    void anotherUsersConversationLooksLikeOneThatDoesNotExist() {
        Conversation conversation = conversationOf(alice);
        store.append(alice, Message.fromUser(conversation, "secret plans", t0));
        assertTrue(store.find(bob, conversation.id()).isEmpty());
        assertTrue(store.find(bob, ConversationId.random()).isEmpty());
        assertEquals(List.of(), store.messages(bob, conversation.id()));
    }

    @Test
    void messagesComeBackOldestFirstWithEveryBlockAndTheirMetadata() {
        Conversation conversation = conversationOf(alice);
        Message question = Message.fromUser(conversation, "Weather in Paris?", t0);
        Message reply = new Message(MessageId.random(), conversation.id(), alice, Role.ASSISTANT,
                List.of(new ContentBlock.Thinking("User wants weather.", "sig-123"),
                        new ContentBlock.Text("Let me check."),
                        new ContentBlock.ToolCall("call_1", "get_weather", "{\"city\":\"Paris\"}")),
                MessageStatus.COMPLETE,
                new Generation("openai", "gpt-4o", new Usage(120, 30, 100), StopReason.TOOL_USE,
                        Duration.ofMillis(250), Duration.ofMillis(1900), null, new java.math.BigDecimal("0.000305")),
                t0.plusMillis(1));
        Message toolResult = new Message(MessageId.random(), conversation.id(), alice, Role.TOOL,
                List.of(new ContentBlock.ToolResult("call_1", "18°C, sunny", false)), MessageStatus.COMPLETE, null,
                t0.plusMillis(2));
        store.append(alice, question);
        store.append(alice, reply);
        store.append(alice, toolResult);

        assertEquals(List.of(question, reply, toolResult), store.messages(alice, conversation.id()));
    }

    @Test
    void aStreamingReplyIsUpdatedInPlaceUntilItEnds() {
        Conversation conversation = conversationOf(alice);
        Message started = Message.assistantStarted(conversation, "simulator", "sim-echo", t0);
        store.append(alice, started);
        Message progress = started.withProgress(List.of(new ContentBlock.Text("Hel")), started.generation(),
                MessageStatus.STREAMING);
        store.update(alice, progress);
        assertEquals(List.of(progress), store.messages(alice, conversation.id()));

        Message partial = started.withProgress(List.of(new ContentBlock.Text("Hello")),
                new Generation("simulator", "sim-echo", new Usage(5, 2, 0), StopReason.ERROR, Duration.ofMillis(3),
                        Duration.ofMillis(40), new MessageError("provider_timeout", "no data for 30 s")),
                MessageStatus.PARTIAL);
        store.update(alice, partial);
        assertEquals(List.of(partial), store.messages(alice, conversation.id()));
    }

    @Test
    void nobodyWritesIntoAnotherUsersConversation() {
        Conversation conversation = conversationOf(alice);
        Message intruding = new Message(MessageId.random(), conversation.id(), bob, Role.USER,
                List.of(new ContentBlock.Text("hi")), MessageStatus.COMPLETE, null, t0);
        assertThrows(RuntimeException.class, () -> store.append(bob, intruding));

        Message own = Message.fromUser(conversation, "mine", t0);
        store.append(alice, own);
        Message tampered = own.withProgress(List.of(new ContentBlock.Text("changed by bob")), null, MessageStatus.COMPLETE);
        assertThrows(RuntimeException.class, () -> store.update(bob, tampered));
        assertEquals(List.of(own), store.messages(alice, conversation.id()));
    }

    @Test
    void conversationsWithAStreamingReplyAreFoundWhoeverOwnsThem() {
        Conversation ofAlice = conversationOf(alice);
        Conversation ofBob = conversationOf(bob);
        store.append(alice, Message.assistantStarted(ofAlice, "simulator", "sim-echo", t0));
        Message bobsReply = Message.assistantStarted(ofBob, "simulator", "sim-echo", t0);
        store.append(bob, bobsReply);
        store.update(bob, bobsReply.withProgress(List.of(new ContentBlock.Text("done")), new Generation("simulator",
                "sim-echo", Usage.estimated(10, 3), StopReason.ABORTED, null, null, null), MessageStatus.PARTIAL));

        List<Conversations.StreamingReplies> streaming = store.withStreamingReplies();
        assertTrue(streaming.contains(new Conversations.StreamingReplies(alice, ofAlice.id())), streaming::toString);
        assertFalse(streaming.stream().anyMatch(s -> s.conversation().equals(ofBob.id())), "bob's reply has ended");
        assertEquals(Usage.estimated(10, 3), store.messages(bob, ofBob.id()).getFirst().generation().usage(),
                "an estimate stays marked as one");
    }

    @Test
    void aPinnedModelIsKeptWithTheConversationForItsOwnerOnly() {
        Conversation conversation = conversationOf(alice);
        RouteTarget opus = new RouteTarget("anthropic", "claude-opus-4-6");
        assertTrue(store.pin(alice, conversation.id(), opus));
        assertEquals(opus, store.find(alice, conversation.id()).orElseThrow().pinnedModel());
        assertFalse(store.pin(bob, conversation.id(), new RouteTarget("openai", "gpt-5.4")));
        assertEquals(opus, store.find(alice, conversation.id()).orElseThrow().pinnedModel());
        assertTrue(store.pin(alice, conversation.id(), null));
        assertTrue(store.find(alice, conversation.id()).orElseThrow().pinned().isEmpty());
    }

    @Test
    void theChosenAgentIsKeptWithTheConversationForItsOwnerOnly() {
        Conversation conversation = conversationOf(alice);
        assertTrue(store.find(alice, conversation.id()).orElseThrow().activeAgent().isEmpty(), "the default agent at first");
        AgentId coder = AgentId.random();
        assertTrue(store.setAgent(alice, conversation.id(), coder));
        assertEquals(coder, store.find(alice, conversation.id()).orElseThrow().agent());
        assertFalse(store.setAgent(bob, conversation.id(), AgentId.random()));
        assertFalse(store.setAgent(alice, ConversationId.random(), coder));
        assertEquals(coder, store.find(alice, conversation.id()).orElseThrow().agent());
        assertTrue(store.setAgent(alice, conversation.id(), null));
        assertTrue(store.find(alice, conversation.id()).orElseThrow().activeAgent().isEmpty());
    }

    @Test
    void aConversationStartedWithAnAgentKeepsIt() {
        AgentId coder = AgentId.random();
        Conversation conversation = Conversation.start(alice, "Fix the build", t0).withAgent(coder);
        store.create(alice, conversation);
        assertEquals(coder, store.find(alice, conversation.id()).orElseThrow().agent());
    }

    @Test
    void aReplyKeepsTheRoutingDecisionThatChoseItsModel() {
        Conversation conversation = conversationOf(alice);
        RoutingDecision decision = decision();
        RouteTarget gpt = decision.selected();
        Message reply = Message.assistantStarted(conversation, "openai", "gpt-5.4", t0.plusMillis(1));
        store.appendExchange(alice, Optional.empty(), Message.fromUser(conversation, "Refactor this module", t0), reply,
                decision);

        List<RoutedReply> routed = store.routing(alice, conversation.id());
        assertEquals(1, routed.size());
        assertEquals(reply.id(), routed.getFirst().messageId());
        assertEquals("openai", routed.getFirst().provider());
        assertEquals(decision, routed.getFirst().decision());
        assertEquals(List.of(), store.routing(bob, conversation.id()), "another user sees no decision");

        RoutingDecision failedOver = decision.failedOver(gpt, "provider_overloaded", 0);
        assertThrows(RuntimeException.class, () -> store.recordRouting(bob, reply.id(), failedOver));
        store.recordRouting(alice, reply.id(), failedOver);
        assertEquals(failedOver, store.routing(alice, conversation.id()).getFirst().decision());
    }

    private static RoutingDecision decision() {
        RouteTarget opus = new RouteTarget("anthropic", "claude-opus-4-6");
        RouteTarget gpt = new RouteTarget("openai", "gpt-5.4");
        Classification coding = new Classification(TaskType.CODING, Complexity.COMPLEX, TaskDomain.BACKEND, CostTier.PREMIUM,
                Set.of(RequiredCapability.REASONING), 0.875, List.of("code-fence", "verb:refactor"));
        return new RoutingDecision(coding, new RoutingDecision.RuleRef(RuleId.random(), "coding, complex",
                10, "system"), false, opus, List.of(opus, gpt), gpt, List.of(new RoutingDecision.Hop(opus, "no credential")),
                null, false, new java.math.BigDecimal("0.0125"), List.of(), null);
    }

    @Test
    void anExchangeStartsAConversationWithTheQuestionAndTheStartedReplyAndItsDecision() {
        Conversation conversation = Conversation.start(alice, "Refactor this module", t0);
        Message question = Message.fromUser(conversation, "Refactor this module", t0);
        Message reply = Message.assistantStarted(conversation, "openai", "gpt-5.4", t0.plusMillis(1));
        store.appendExchange(alice, Optional.of(conversation), question, reply, decision());

        assertEquals(conversation, store.find(alice, conversation.id()).orElseThrow());
        assertEquals(List.of(question, reply), store.messages(alice, conversation.id()));
        assertEquals(reply.id(), store.routing(alice, conversation.id()).getFirst().messageId());
        assertEquals(decision().selected(), store.routing(alice, conversation.id()).getFirst().decision().selected());
    }

    @Test
    void anExchangeGoesAfterTheConversationsEarlierMessages() {
        Conversation conversation = conversationOf(alice);
        Message earlier = Message.fromUser(conversation, "first", t0);
        store.append(alice, earlier);
        Message question = Message.fromUser(conversation, "second", t0.plusMillis(1));
        Message reply = Message.assistantStarted(conversation, "openai", "gpt-5.4", t0.plusMillis(2));
        store.appendExchange(alice, Optional.empty(), question, reply, decision());
        assertEquals(List.of(earlier, question, reply), store.messages(alice, conversation.id()));
    }

    @Test
    void anExchangeThatFailsStoresNothing() {
        Conversation ofAlice = conversationOf(alice);
        Message bobsQuestion = new Message(MessageId.random(), ofAlice.id(), bob, Role.USER,
                List.of(new ContentBlock.Text("hi")), MessageStatus.COMPLETE, null, t0);
        Message bobsReply = new Message(MessageId.random(), ofAlice.id(), bob, Role.ASSISTANT, List.of(),
                MessageStatus.STREAMING, Generation.started("openai", "gpt-5.4"), t0);
        assertThrows(RuntimeException.class,
                () -> store.appendExchange(bob, Optional.empty(), bobsQuestion, bobsReply, decision()));
        assertEquals(List.of(), store.messages(alice, ofAlice.id()));

        // The reply's id is taken, so its insert fails after the conversation and the question went in.
        Message taken = Message.fromUser(ofAlice, "taken", t0);
        store.append(alice, taken);
        Conversation started = Conversation.start(alice, "Never stored", t0);
        Message question = Message.fromUser(started, "Never stored", t0);
        Message clash = new Message(taken.id(), started.id(), alice, Role.ASSISTANT, List.of(), MessageStatus.STREAMING,
                Generation.started("openai", "gpt-5.4"), t0);
        assertThrows(RuntimeException.class,
                () -> store.appendExchange(alice, Optional.of(started), question, clash, decision()));
        assertTrue(store.find(alice, started.id()).isEmpty(), "no conversation without its messages");
        assertEquals(List.of(taken), store.messages(alice, ofAlice.id()));
    }

    @Test
    void conversationsOfDifferentUsersStaySeparate() {
        Conversation ofAlice = conversationOf(alice);
        Conversation ofBob = conversationOf(bob);
        store.append(alice, Message.fromUser(ofAlice, "from alice", t0));
        store.append(bob, Message.fromUser(ofBob, "from bob", t0));
        assertEquals("from alice", store.messages(alice, ofAlice.id()).getFirst().text());
        assertEquals("from bob", store.messages(bob, ofBob.id()).getFirst().text());
        assertEquals(1, store.messages(alice, ofAlice.id()).size());
    }

    @Test
    void conversationsAreListedMostRecentFirstAndPageByPage() {
        Conversation first = conversationOf(alice, t0);
        Conversation second = conversationOf(alice, t0.plusMillis(1));
        Conversation third = conversationOf(alice, t0.plusMillis(2));
        store.append(alice, Message.fromUser(first, "bump the first one", t0.plusMillis(5)));
        conversationOf(bob);

        var page1 = store.list(alice, false, new PageRequest(1, 2));
        assertEquals(3, page1.total());
        assertEquals(List.of(first.id(), third.id()), page1.items().stream().map(ConversationSummary::id).toList());
        assertEquals(1, page1.items().getFirst().messageCount());
        assertEquals(t0.plusMillis(5), page1.items().getFirst().lastActivity());
        var page2 = store.list(alice, false, new PageRequest(2, 2));
        assertEquals(List.of(second.id()), page2.items().stream().map(ConversationSummary::id).toList());
        assertTrue(store.list(alice, false, new PageRequest(3, 2)).items().isEmpty());
    }

    @Test
    void renamedArchivedAndDeletedConversationsBehaveAndOnlyForTheirOwner() {
        Conversation conversation = conversationOf(alice);
        store.append(alice, Message.fromUser(conversation, "hello", t0));

        assertFalse(store.rename(bob, conversation.id(), "stolen"));
        assertTrue(store.rename(alice, conversation.id(), "Lisbon trip"));
        assertEquals("Lisbon trip", store.find(alice, conversation.id()).orElseThrow().title());

        assertFalse(store.setArchived(bob, conversation.id(), true));
        assertTrue(store.setArchived(alice, conversation.id(), true));
        assertTrue(store.list(alice, false, new PageRequest(1, 10)).items().isEmpty());
        ConversationSummary archived = store.list(alice, true, new PageRequest(1, 10)).items().getFirst();
        assertTrue(archived.archived());
        assertEquals("Lisbon trip", archived.title());

        assertFalse(store.delete(bob, conversation.id()));
        assertEquals(1, store.messages(alice, conversation.id()).size());
        assertTrue(store.delete(alice, conversation.id()));
        assertTrue(store.find(alice, conversation.id()).isEmpty());
        assertEquals(List.of(), store.messages(alice, conversation.id()));
        assertFalse(store.delete(alice, conversation.id()));
    }

    @Test
    void messagesComeAPageAtATime() {
        Conversation conversation = conversationOf(alice);
        for (int i = 0; i < 5; i++) {
            store.append(alice, Message.fromUser(conversation, "m" + i, t0.plusMillis(i)));
        }
        var page = store.messages(alice, conversation.id(), new PageRequest(2, 2));
        assertEquals(5, page.total());
        assertEquals(List.of("m2", "m3"), page.items().stream().map(Message::text).toList());
        assertEquals(0, store.messages(bob, conversation.id(), new PageRequest(1, 2)).total());
    }
}
