package dev.mosaic.application.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.application.ErrorCode;
import dev.mosaic.application.catalog.Capability;
import dev.mosaic.application.catalog.ModelInfo;
import dev.mosaic.application.catalog.Prices;
import dev.mosaic.application.catalog.Tier;
import dev.mosaic.application.fakes.InMemoryAgents;
import dev.mosaic.application.fakes.InMemoryCheckpoints;
import dev.mosaic.application.fakes.InMemoryConversations;
import dev.mosaic.application.fakes.Routers;
import dev.mosaic.application.fakes.ScriptedProvider;
import dev.mosaic.application.port.in.ExecuteCommandUseCase.Outcome;
import dev.mosaic.domain.agent.AgentConfig;
import dev.mosaic.domain.agent.AgentDraft;
import dev.mosaic.domain.agent.AgentId;
import dev.mosaic.domain.conversation.ContentBlock;
import dev.mosaic.domain.conversation.Conversation;
import dev.mosaic.domain.conversation.Generation;
import dev.mosaic.domain.conversation.Message;
import dev.mosaic.domain.conversation.MessageStatus;
import dev.mosaic.domain.conversation.StopReason;
import dev.mosaic.domain.conversation.Usage;
import dev.mosaic.domain.routing.RouteTarget;
import dev.mosaic.domain.routing.RoutingDecision;
import dev.mosaic.domain.user.Owner;
import dev.mosaic.domain.user.UserId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CommandServiceTest {
    private final InMemoryConversations store = new InMemoryConversations();
    private final UserId alice = UserId.random();
    private static final RouteTarget CHEAP = new RouteTarget("fake", "fake-small");
    private final ModelCatalogService catalog = new ModelCatalogService(List.of(
            new ModelInfo("fake", "fake-small", null, Tier.CHEAP, 1000, null, Set.of(Capability.TOOLS),
                    Prices.perMillion("1", "2", null), ModelInfo.Source.SEED),
            new ModelInfo("fake", "fake-large", null, Tier.PREMIUM, 200_000, null, Set.of(), Prices.UNKNOWN,
                    ModelInfo.Source.SEED),
            new ModelInfo("absent", "other-1", null, Tier.STANDARD, 8000, null, Set.of(), Prices.UNKNOWN,
                    ModelInfo.Source.SEED)));
    private final InMemoryAgents agents = new InMemoryAgents();
    private final RoutingService router = Routers.answeringWith(List.of(new ScriptedProvider("fake", (r, l, c) -> {
        throw new AssertionError("commands call no model");
    })), CHEAP, catalog, Routers.settings(List.of(CHEAP), ""), agents);
    private final CommandService commands = new CommandService(store, new ContextManager(new InMemoryCheckpoints(store),
            new CalibratedTokenCounter((model, text) -> CalibratedTokenCounter.estimate(text)), java.time.Clock.systemUTC()),
            router, agents);

    @Test
    void historyCountsMessagesAndTheContextTheyUse() {
        Conversation conversation = Conversation.start(alice, "hi", Instant.now());
        Message reply = Message.assistantStarted(conversation, "fake", "fake-small", Instant.now());
        store.appendExchange(alice, Optional.of(conversation), Message.fromUser(conversation, "hi", Instant.now()), reply,
                router.decide(alice, conversation, "hi", 1));
        store.update(alice, reply.withProgress(List.of(new ContentBlock.Text("hello")),
                new Generation("fake", "fake-small", new Usage(100, 20, 0), StopReason.END_TURN, null, null, null),
                MessageStatus.COMPLETE));
        store.append(alice, Message.fromUser(conversation, "12345678", Instant.now()));

        Outcome.Done done = assertInstanceOf(Outcome.Done.class,
                commands.execute(alice, "/history", Optional.of(conversation.id())));
        assertEquals(3, done.result().data().get("messages"));
        // "hi" (1 token), "hello" (2), "12345678" (2), each with 4 tokens of message overhead
        assertEquals(17L, done.result().data().get("contextTokens"));
        assertEquals(1000, done.result().data().get("contextWindow"));
        assertEquals(0, done.result().data().get("checkpoints"));
        assertTrue(done.result().text().startsWith("3 messages; about 17 of 1,000 context tokens in use (1.7%)"),
                done.result().text());
    }

    @Test
    void historyOfSomeoneElsesConversationIsNotFound() {
        UserId bob = UserId.random();
        Conversation bobs = Conversation.start(bob, "secret", Instant.now());
        store.create(bob, bobs);
        Outcome.Rejected rejected = assertInstanceOf(Outcome.Rejected.class,
                commands.execute(alice, "history", Optional.of(bobs.id())));
        assertEquals(ErrorCode.NOT_FOUND, rejected.rejection().code());
    }

    @Test
    void modelListsTheModelsThatCanAnswerNowWithTheirWindows() {
        Outcome.Done done = assertInstanceOf(Outcome.Done.class, commands.execute(alice, "/model", Optional.empty()));
        List<?> models = (List<?>) done.result().data().get("models");
        List<?> ids = models.stream().map(m -> ((java.util.Map<?, ?>) m).get("id")).toList();
        assertEquals(List.of("fake/fake-large", "fake/fake-small"), ids, "absent/other-1 has no credential");
        assertTrue(done.result().text().contains("1,000 tokens"), done.result().text());
        assertTrue(done.result().text().contains("$1/$2 per M in/out"), done.result().text());
    }

    private AgentConfig agent(Owner owner, String name, RouteTarget model) {
        AgentConfig agent = AgentConfig.create(AgentId.random(), owner, AgentDraft.of(name, name + " agent", "Be " + name + ".",
                model, List.of()), new AgentDraft.Vocabulary() {
                    @Override
                    public boolean knowsModel(RouteTarget target) {
                        return true;
                    }

                    @Override
                    public boolean knowsTool(String tool) {
                        return true;
                    }
                }, Instant.now());
        agents.save(owner.userId().orElse(alice), agent);
        return agent;
    }

    @Test
    void agentListsTheAgentsAUserCanUseAndSwitchingOneHandsBackAModelPin() {
        agent(Owner.SYSTEM, "default", null);
        AgentConfig writer = agent(Owner.SYSTEM, "writer", new RouteTarget("fake", "fake-large"));
        agent(Owner.of(UserId.random()), "bobs-secret", null);
        Conversation conversation = Conversation.start(alice, "hi", Instant.now());
        store.create(alice, conversation);
        store.pin(alice, conversation.id(), CHEAP);

        Outcome.Done listed = assertInstanceOf(Outcome.Done.class,
                commands.execute(alice, "/agent", Optional.of(conversation.id())));
        assertTrue(listed.result().text().startsWith("Active: default v1"), listed.result().text());
        assertTrue(listed.result().text().contains("writer"), listed.result().text());
        assertFalse(listed.result().text().contains("bobs-secret"), "another user's agent is never listed");

        Outcome.Done switched = assertInstanceOf(Outcome.Done.class,
                commands.execute(alice, "/agent writer", Optional.of(conversation.id())));
        assertEquals("writer", switched.result().data().get("agent"));
        Conversation now = store.find(alice, conversation.id()).orElseThrow();
        assertEquals(writer.id(), now.agent());
        assertTrue(now.pinned().isEmpty(), "the agent's own model answers next");
        RoutingDecision next = router.decide(alice, now, "hi", 1);
        assertEquals(new RouteTarget("fake", "fake-large"), next.routed());
        assertEquals("writer", next.preferredBy());
        assertTrue(next.reason().contains("agent writer prefers fake/fake-large"), next.reason());

        Outcome.Rejected unknown = assertInstanceOf(Outcome.Rejected.class,
                commands.execute(alice, "/agent bobs-secret", Optional.of(conversation.id())));
        assertEquals(ErrorCode.NOT_FOUND, unknown.rejection().code());
        assertTrue(unknown.rejection().message().contains("default, writer"), unknown.rejection().message());
    }

    @Test
    void modelIdPinsTheConversationAndAutoHandsItBack() {
        Conversation conversation = Conversation.start(alice, "hi", Instant.now());
        store.create(alice, conversation);
        Outcome.Done pinned = assertInstanceOf(Outcome.Done.class,
                commands.execute(alice, "/model fake-large", Optional.of(conversation.id())));
        assertEquals(new RouteTarget("fake", "fake-large"), store.find(alice, conversation.id()).orElseThrow().pinnedModel());
        var info = assertInstanceOf(dev.mosaic.application.event.ConversationEvent.SessionInfo.class,
                pinned.events().getFirst());
        assertEquals("fake-large", info.model());
        assertTrue(router.decide(alice, store.find(alice, conversation.id()).orElseThrow(), "hi", 1).pinned());

        assertInstanceOf(Outcome.Done.class, commands.execute(alice, "/model auto", Optional.of(conversation.id())));
        assertTrue(store.find(alice, conversation.id()).orElseThrow().pinned().isEmpty());
    }

    @Test
    void anUnknownModelIsRefusedNamingCloseMatchesAndChangesNothing() {
        Conversation conversation = Conversation.start(alice, "hi", Instant.now());
        store.create(alice, conversation);
        Outcome.Rejected rejected = assertInstanceOf(Outcome.Rejected.class,
                commands.execute(alice, "/model fake-smal", Optional.of(conversation.id())));
        assertEquals(ErrorCode.INVALID_INPUT, rejected.rejection().code());
        assertTrue(rejected.rejection().message().contains("did you mean fake/fake-small"), rejected.rejection().message());
        assertTrue(store.find(alice, conversation.id()).orElseThrow().pinned().isEmpty());
    }

    @Test
    void aModelWithoutACredentialCannotBePinned() {
        Conversation conversation = Conversation.start(alice, "hi", Instant.now());
        store.create(alice, conversation);
        Outcome.Rejected rejected = assertInstanceOf(Outcome.Rejected.class,
                commands.execute(alice, "/model absent/other-1", Optional.of(conversation.id())));
        assertEquals(ErrorCode.PROVIDER_UNAVAILABLE, rejected.rejection().code());
        assertTrue(rejected.rejection().message().contains("no credential"), rejected.rejection().message());
        assertTrue(store.find(alice, conversation.id()).orElseThrow().pinned().isEmpty());
    }

    @Test
    void whyExplainsTheLastAnswer() {
        Conversation conversation = Conversation.start(alice, "hi", Instant.now());
        Message reply = Message.assistantStarted(conversation, "fake", "fake-small", Instant.now());
        store.appendExchange(alice, Optional.of(conversation), Message.fromUser(conversation, "hi", Instant.now()), reply,
                router.decide(alice, conversation, "hi", 1));
        Outcome.Done done = assertInstanceOf(Outcome.Done.class,
                commands.execute(alice, "/why", Optional.of(conversation.id())));
        assertTrue(done.result().text().contains("Chosen by: system rule \"everything\""), done.result().text());
        assertTrue(done.result().text().contains("Answered by: fake/fake-small"), done.result().text());
        assertEquals("conversation", ((java.util.Map<?, ?>) done.result().data().get("classification")).get("taskType"));
    }

    @Test
    void anUnknownCommandIsRejectedWithAHint() {
        Outcome.Rejected rejected = assertInstanceOf(Outcome.Rejected.class,
                commands.execute(alice, "/frobnicate now", Optional.empty()));
        assertEquals(ErrorCode.UNKNOWN_COMMAND, rejected.rejection().code());
        assertTrue(rejected.rejection().message().contains("/frobnicate"));
    }
}
