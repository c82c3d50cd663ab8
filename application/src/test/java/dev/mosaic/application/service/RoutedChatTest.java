package dev.mosaic.application.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.application.ErrorCode;
import dev.mosaic.application.Rejection;
import dev.mosaic.application.Secret;
import dev.mosaic.application.catalog.Capability;
import dev.mosaic.application.catalog.ModelInfo;
import dev.mosaic.application.catalog.Prices;
import dev.mosaic.application.catalog.Tier;
import dev.mosaic.application.event.ConversationEvent;
import dev.mosaic.application.fakes.AesGcmCipher;
import dev.mosaic.application.fakes.InMemoryAbortSignals;
import dev.mosaic.application.fakes.InMemoryAccounts;
import dev.mosaic.application.fakes.InMemoryAgents;
import dev.mosaic.application.fakes.InMemoryCheckpoints;
import dev.mosaic.application.fakes.InMemoryConversationFeed;
import dev.mosaic.application.fakes.InMemoryConversationMetrics;
import dev.mosaic.application.fakes.InMemoryConversations;
import dev.mosaic.application.fakes.InMemoryProviderCredentials;
import dev.mosaic.application.fakes.InMemoryReplyLeases;
import dev.mosaic.application.fakes.InMemoryRoutingRules;
import dev.mosaic.application.fakes.LocalOwnerChanges;
import dev.mosaic.application.fakes.RecordingCircuits;
import dev.mosaic.application.fakes.ScriptedProvider;
import dev.mosaic.application.fakes.ScriptedTokenEndpoint;
import dev.mosaic.application.port.in.ManageCredentialsUseCase.PutOutcome;
import dev.mosaic.application.port.in.PutCredentialCommand;
import dev.mosaic.application.port.in.SendMessageCommand;
import dev.mosaic.application.port.in.SendOutcome;
import dev.mosaic.application.port.out.ProviderCircuits;
import dev.mosaic.application.port.out.ReplyLeases;
import dev.mosaic.application.port.out.provider.Cancellation;
import dev.mosaic.application.port.out.provider.ChatProvider;
import dev.mosaic.application.port.out.provider.ChatRequest;
import dev.mosaic.application.port.out.provider.ChatStreamEvent;
import dev.mosaic.application.port.out.provider.ChatStreamListener;
import dev.mosaic.application.port.out.provider.ProviderAccess;
import dev.mosaic.application.port.out.provider.ProviderError;
import dev.mosaic.application.port.out.provider.ProviderReply;
import dev.mosaic.application.view.RoutedReply;
import dev.mosaic.domain.conversation.ContentBlock;
import dev.mosaic.domain.conversation.ConversationId;
import dev.mosaic.domain.conversation.Message;
import dev.mosaic.domain.conversation.MessageStatus;
import dev.mosaic.domain.conversation.Role;
import dev.mosaic.domain.conversation.StopReason;
import dev.mosaic.domain.conversation.Usage;
import dev.mosaic.domain.routing.Classification;
import dev.mosaic.domain.routing.Complexity;
import dev.mosaic.domain.routing.Condition;
import dev.mosaic.domain.routing.CostTier;
import dev.mosaic.domain.routing.RequiredCapability;
import dev.mosaic.domain.routing.RouteAction;
import dev.mosaic.domain.routing.RouteTarget;
import dev.mosaic.domain.routing.RoutingDecision;
import dev.mosaic.domain.routing.RoutingRule;
import dev.mosaic.domain.routing.TaskDomain;
import dev.mosaic.domain.routing.TaskType;
import dev.mosaic.domain.user.Owner;
import dev.mosaic.domain.user.UserId;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Messages routed by rules to one of several providers, with the failover that keeps answering:
 * the real {@link RoutingService} and {@link ChatService} over in-memory stores.
 */
class RoutedChatTest {
    private static final RouteTarget OPUS = new RouteTarget("anthropic", "claude-opus-4-6");
    private static final RouteTarget GPT = new RouteTarget("openai", "gpt-5.4");
    private static final RouteTarget GLM = new RouteTarget("zai", "glm-5");
    private static final RouteTarget LLAMA = new RouteTarget("ollama", "llama3.2");

    /** "code" makes a coding message, "sum" a summary, "look" one that needs vision; anything else a conversation. */
    private static final Function<String, Classification> CLASSIFIER = text -> new Classification(
            text.contains("code") ? TaskType.CODING : text.contains("sum") ? TaskType.SUMMARIZATION : TaskType.CONVERSATION,
            Complexity.COMPLEX, TaskDomain.GENERAL, CostTier.STANDARD,
            text.contains("look") ? Set.of(RequiredCapability.VISION) : Set.of(), 0.9, List.of("test"));

    private final UserId alice = UserId.random();
    private final UserId admin = UserId.random();
    private final InMemoryConversations store = new InMemoryConversations();
    private final InMemoryRoutingRules rulesStore = new InMemoryRoutingRules();
    private final RecordingCircuits circuits = new RecordingCircuits();
    private final ScriptedProvider anthropic = new ScriptedProvider("anthropic", RoutedChatTest::says);
    private final ScriptedProvider openai = new ScriptedProvider("openai", RoutedChatTest::says);
    private final ScriptedProvider simulator = new ScriptedProvider("simulator", RoutedChatTest::says);
    private final ModelCatalogService catalog = new ModelCatalogService(List.of(
            model(OPUS, Set.of(Capability.TOOLS, Capability.VISION)), model(GPT, Set.of(Capability.TOOLS, Capability.VISION)),
            model(GLM, Set.of(Capability.TOOLS)), model(LLAMA, Set.of())));
    private final CredentialService credentials = new CredentialService(new InMemoryProviderCredentials(), new AesGcmCipher(),
            (provider, key, baseUrl) -> Optional.empty(), new ScriptedTokenEndpoint(), Map.of(), new LocalOwnerChanges(), Clock.systemUTC());
    private final List<String> ownConnections = new CopyOnWriteArrayList<>();
    private final ScriptedProvider ownZai = new ScriptedProvider("zai", RoutedChatTest::says);
    private final RoutingRuleService rules = new RoutingRuleService(rulesStore, new InMemoryAccounts(), new LocalOwnerChanges(),
            catalog::whyNotRoutable, new InMemoryAgents());
    private final List<ConversationEvent> events = new CopyOnWriteArrayList<>();

    RoutedChatTest() {
        system(10, TaskType.CODING, OPUS, List.of(GPT));
        system(20, TaskType.SUMMARIZATION, GLM, List.of());
        rulesStore.save(admin, RoutingRule.create(Owner.SYSTEM, "everything else", 100, new Condition.Fallback(),
                RouteAction.to(GPT), List.of()));
    }

    private static ModelInfo model(RouteTarget t, Set<Capability> capabilities) {
        return new ModelInfo(t.provider(), t.model(), null, Tier.STANDARD, 100_000, null, capabilities,
                Prices.perMillion("1", "2", null), ModelInfo.Source.SEED);
    }

    private void system(int priority, TaskType type, RouteTarget target, List<RouteTarget> fallbacks) {
        rulesStore.save(admin, RoutingRule.create(Owner.SYSTEM, type.label(), priority,
                new Condition.Among(Condition.Field.TASK_TYPE, Set.of(type)), RouteAction.to(target), fallbacks));
    }

    /** Says which model it is, in two deltas. */
    private static ProviderReply says(ChatRequest request, ChatStreamListener listener, Cancellation cancellation) {
        listener.onEvent(new ChatStreamEvent.TextDelta("I am "));
        listener.onEvent(new ChatStreamEvent.TextDelta(request.model()));
        return new ProviderReply(List.of(new ContentBlock.Text("I am " + request.model())), StopReason.END_TURN,
                new Usage(10, 3, 0), request.model(), null);
    }

    private RoutingService router(ChatProvider simulatorOrNull, boolean midstreamFailover, List<ChatProvider> gateway) {
        RoutingSettings settings = new RoutingSettings(List.of(GPT, GLM), false, false, midstreamFailover, "Be brief.",
                Duration.ofHours(1), null, 32_768, null);
        return new RoutingService(CLASSIFIER, rules, gateway, simulatorOrNull, (provider, access) -> {
            ownConnections.add(provider + ":" + ((ProviderAccess.ApiKey) access).secret().reveal());
            return ownZai;
        }, credentials, circuits, catalog, settings, new InMemoryAgents());
    }

    private ChatService chat(RoutingService router) {
        return new ChatService(store, new InMemoryReplyLeases(), new InMemoryAbortSignals(), router,
                new ContextManager(new InMemoryCheckpoints(store),
                        new CalibratedTokenCounter((model, text) -> CalibratedTokenCounter.estimate(text)), Clock.systemUTC()),
                new RetryPolicy(1, Duration.ofMillis(1), Duration.ofSeconds(1)), circuits, catalog, Clock.systemUTC(),
                ChatServiceTest.NO_TOOLS, new InMemoryConversationMetrics(store), ChatServiceTest.NO_MEMORY, new InMemoryConversationFeed());
    }

    private ChatService chat() {
        return chat(router(null, true, List.of(anthropic, openai)));
    }

    private Message send(ChatService chat, String text) {
        SendOutcome outcome = chat.send(new SendMessageCommand(alice, Optional.empty(), text, null), events::add);
        return assertInstanceOf(SendOutcome.Replied.class, outcome).reply();
    }

    private RoutingDecision storedDecision(Message reply) {
        List<RoutedReply> routed = store.routing(alice, reply.conversationId());
        return routed.getLast().decision();
    }

    @Test
    void eachMessageGoesToTheModelItsRuleNames() {
        ChatService chat = chat();
        assertEquals("I am claude-opus-4-6", send(chat, "write code").text());
        assertEquals("I am gpt-5.4", send(chat, "hello there").text());
        assertEquals("anthropic", store.routing(alice, send(chat, "more code").conversationId()).getLast().provider());
        assertEquals(List.of("claude-opus-4-6", "claude-opus-4-6"), anthropic.requests().stream().map(ChatRequest::model)
                .toList());
        RoutingDecision decision = storedDecision(send(chat, "code again"));
        assertEquals("coding", decision.rule().name());
        assertEquals(OPUS, decision.selected());
        ConversationEvent.SessionInfo info = (ConversationEvent.SessionInfo) events.stream()
                .filter(ConversationEvent.SessionInfo.class::isInstance).reduce((a, b) -> b).orElseThrow();
        assertEquals(decision, info.routing());
        assertTrue(info.reason().startsWith("coding/complex (0.90); rule \"coding\" → anthropic/claude-opus-4-6"),
                info.reason());
    }

    @Test
    void aModelWithoutACredentialIsPassedOverWithTheReason() {
        Message reply = send(chat(), "sum this up");
        // zai has no gateway key and alice none of her own: the default chain's next model answers.
        assertEquals("I am gpt-5.4", reply.text());
        RoutingDecision decision = storedDecision(reply);
        assertEquals(GLM, decision.routed());
        assertEquals(GPT, decision.selected());
        assertEquals(List.of(new RoutingDecision.Hop(GLM, "no credential")), decision.hops());
    }

    @Test
    void aUsersOwnKeyMakesItsProviderAnswerThatUserOnly() {
        assertInstanceOf(PutOutcome.Saved.class, credentials.put(alice,
                new PutCredentialCommand("zai", Secret.ofNullable("zai-own-key-0123456789"), null, null)));
        Message reply = send(chat(), "sum this up");
        assertEquals("I am glm-5", reply.text());
        assertEquals(List.of("zai:zai-own-key-0123456789"), ownConnections);
        assertEquals("zai", reply.generation().provider());
    }

    @Test
    void anOpenCircuitAndAMissingCapabilityAreBothReasonsToPassOver() {
        circuits.set("anthropic", ProviderCircuits.State.OPEN);
        RoutingDecision decision = storedDecision(send(chat(), "code please"));
        assertEquals(GPT, decision.selected());
        assertEquals("provider failing (circuit open)", decision.hops().getFirst().cause());

        circuits.set("anthropic", ProviderCircuits.State.CLOSED);
        assertInstanceOf(PutOutcome.Saved.class, credentials.put(alice,
                new PutCredentialCommand("zai", Secret.ofNullable("zai-own-key-0123456789"), null, null)));
        RoutingDecision vision = storedDecision(send(chat(), "sum and look at this image"));
        assertEquals(List.of(new RoutingDecision.Hop(GLM, "cannot read images")), vision.hops());
        assertEquals(GPT, vision.selected());
    }

    /** A chat service that routes among anthropic and openai, over the given reply leases. */
    private ChatService overLeases(ReplyLeases leases) {
        return new ChatService(store, leases, new InMemoryAbortSignals(), router(null, true, List.of(anthropic, openai)),
                new ContextManager(new InMemoryCheckpoints(store),
                        new CalibratedTokenCounter((model, text) -> CalibratedTokenCounter.estimate(text)), Clock.systemUTC()),
                new RetryPolicy(1, Duration.ofMillis(1), Duration.ofSeconds(1)), circuits, catalog, Clock.systemUTC(),
                ChatServiceTest.NO_TOOLS, new InMemoryConversationMetrics(store), ChatServiceTest.NO_MEMORY,
                new InMemoryConversationFeed());
    }

    @Test
    void aMessageNoModelCanAnswerIsRefusedBeforeTheConversationIsLockedOrItsStoreGrows() {
        InMemoryReplyLeases leases = new InMemoryReplyLeases();
        ChatService chat = overLeases(leases);
        ConversationId id = send(chat, "hello there").conversationId();
        List.of("anthropic", "openai", "zai").forEach(p -> circuits.set(p, ProviderCircuits.State.OPEN));
        // Another message's reply holds the lease: a message that waited for it would be told so instead.
        try (ReplyLeases.Lease busy = leases.acquire(alice, id).orElseThrow()) {
            SendOutcome outcome = chat.send(new SendMessageCommand(alice, Optional.of(id), "hello again", null),
                    events::add);
            Rejection why = assertInstanceOf(SendOutcome.Rejected.class, outcome).rejection();
            assertEquals(ErrorCode.PROVIDER_UNAVAILABLE, why.code());
            assertTrue(why.message().startsWith("no model can answer now"), why.message());
        }
        assertEquals(2, store.messages(alice, id).size(), "nothing was stored");
    }

    @Test
    void aMessageNoModelCanAnswerIsRefusedWithoutTakingTheFreeLease() {
        InMemoryReplyLeases held = new InMemoryReplyLeases();
        List<ConversationId> acquired = new ArrayList<>();
        ReplyLeases counting = new ReplyLeases() {
            @Override
            public Optional<Lease> acquire(UserId owner, ConversationId conversation) {
                acquired.add(conversation);
                return held.acquire(owner, conversation);
            }

            @Override
            public boolean isHeld(UserId owner, ConversationId conversation) {
                return held.isHeld(owner, conversation);
            }
        };
        ChatService chat = overLeases(counting);
        ConversationId id = send(chat, "hello there").conversationId();
        List.of("anthropic", "openai", "zai").forEach(p -> circuits.set(p, ProviderCircuits.State.OPEN));
        acquired.clear();

        SendOutcome outcome = chat.send(new SendMessageCommand(alice, Optional.of(id), "hello again", null), events::add);

        assertEquals(ErrorCode.PROVIDER_UNAVAILABLE, assertInstanceOf(SendOutcome.Rejected.class, outcome).rejection().code());
        assertEquals(List.of(), acquired, "refused on the conversation alone: no lease taken, no history read under it");
        assertEquals(2, store.messages(alice, id).size(), "nothing was stored");
    }

    @Test
    void aRulesSystemPromptReachesTheModelInsteadOfTheUsualOne() {
        rulesStore.save(alice, RoutingRule.create(Owner.of(alice), "terse coding", 1,
                new Condition.Among(Condition.Field.TASK_TYPE, Set.of(TaskType.CODING)),
                new RouteAction(OPUS, null, "Answer with code only.", null), List.of()));
        rules.changed(Owner.of(alice));
        send(chat(), "code");
        send(chat(), "hello");
        assertEquals("Answer with code only.", anthropic.requests().getLast().systemPrompt());
        assertEquals("Be brief.", openai.requests().getLast().systemPrompt(), "other messages keep the usual prompt");
    }

    @Test
    void aUsersOwnRuleComesBeforeTheSystemRules() {
        rulesStore.save(alice, RoutingRule.create(Owner.of(alice), "my coding", 1,
                new Condition.Among(Condition.Field.TASK_TYPE, Set.of(TaskType.CODING)), RouteAction.to(GPT), List.of()));
        rules.changed(Owner.of(alice));
        RoutingDecision decision = storedDecision(send(chat(), "code"));
        assertEquals("my coding", decision.rule().name());
        assertEquals("user", decision.rule().owner());
        assertEquals(GPT, decision.selected());
    }

    @Test
    void whenNoProviderCanBeReachedTheSimulatorAnswersForTheRoutedModel() {
        Message reply = send(chat(router(simulator, true, List.of())), "write code");
        assertEquals("I am claude-opus-4-6", reply.text(), "the simulator is sent the routed model's name");
        assertEquals("simulator", reply.generation().provider());
        RoutingDecision decision = storedDecision(reply);
        assertEquals("simulator", decision.standIn());
        assertEquals(OPUS, decision.selected());
        assertTrue(decision.reason().endsWith("the simulator answers for it"), decision.reason());
    }

    @Test
    void withNoProviderAndNoSimulatorTheMessageIsRefusedAndNothingStored() {
        ChatService chat = chat(router(null, true, List.of()));
        SendOutcome outcome = chat.send(new SendMessageCommand(alice, Optional.empty(), "code", null), events::add);
        SendOutcome.Rejected rejected = assertInstanceOf(SendOutcome.Rejected.class, outcome);
        assertEquals(ErrorCode.PROVIDER_UNAVAILABLE, rejected.rejection().code());
        assertTrue(rejected.rejection().message().contains("anthropic/claude-opus-4-6 (no credential)"),
                rejected.rejection().message());
        assertEquals(0, store.list(alice, false, new dev.mosaic.application.PageRequest(1, 10)).total());
    }

    @Test
    void offlineModeRoutesToTheLocalModelWhenOnlyOllamaCanBeReached() {
        rulesStore.save(admin, RoutingRule.create(Owner.SYSTEM, "offline", 990, new Condition.Offline(),
                RouteAction.to(LLAMA), List.of()));
        ScriptedProvider ollama = new ScriptedProvider("ollama", RoutedChatTest::says);
        Message reply = send(chat(router(null, true, List.of(ollama))), "write code");
        assertEquals("I am llama3.2", reply.text());
        RoutingDecision decision = storedDecision(reply);
        assertTrue(decision.offline());
        assertEquals("offline", decision.rule().name());
    }

    @Test
    void aFailureBeforeTheFirstTokenMovesToTheNextModelAndTheClientHearsTheHop() {
        anthropic.script((request, listener, cancellation) -> ProviderReply.failed(List.of(), Usage.NONE, null,
                ProviderError.of(ProviderError.Kind.OVERLOADED, "overloaded")));
        Message reply = send(chat(), "code");
        assertEquals(MessageStatus.COMPLETE, reply.status());
        assertEquals("I am gpt-5.4", reply.text());
        assertEquals("openai", reply.generation().provider());
        List<ConversationEvent.SessionInfo> infos = events.stream().filter(ConversationEvent.SessionInfo.class::isInstance)
                .map(ConversationEvent.SessionInfo.class::cast).toList();
        assertEquals(List.of("claude-opus-4-6", "gpt-5.4"), infos.stream().map(ConversationEvent.SessionInfo::model).toList());
        assertEquals(List.of(new RoutingDecision.Hop(OPUS, "provider_overloaded")), infos.getLast().routing().hops());
        assertEquals(infos.getLast().routing(), storedDecision(reply));
    }

    @Test
    void aFailureMidAnswerIsContinuedByTheNextModelAndTheMessageKeepsBothParts() {
        anthropic.script((request, listener, cancellation) -> {
            listener.onEvent(new ChatStreamEvent.TextDelta("Half an "));
            return ProviderReply.failed(List.of(new ContentBlock.Text("Half an ")), new Usage(10, 2, 0), null,
                    ProviderError.of(ProviderError.Kind.OVERLOADED, "overloaded mid-stream"));
        });
        openai.script((request, listener, cancellation) -> {
            listener.onEvent(new ChatStreamEvent.TextDelta("answer."));
            return new ProviderReply(List.of(new ContentBlock.Text("answer.")), StopReason.END_TURN, new Usage(20, 1, 0),
                    "gpt-5.4", null);
        });
        Message reply = send(chat(), "code");

        assertEquals(MessageStatus.COMPLETE, reply.status());
        assertEquals("Half an answer.", reply.text());
        assertEquals(new Usage(30, 3, 0), reply.generation().usage(), "both models' tokens are counted");
        ConversationEvent.RoutingFailover failover = events.stream().filter(ConversationEvent.RoutingFailover.class::isInstance)
                .map(ConversationEvent.RoutingFailover.class::cast).findFirst().orElseThrow();
        assertEquals(OPUS, failover.from());
        assertEquals(GPT, failover.to());
        assertEquals("provider_overloaded", failover.cause());
        RoutingDecision decision = storedDecision(reply);
        assertEquals(List.of(new RoutingDecision.Failover(OPUS, GPT, "provider_overloaded", 8)), decision.failovers());
        ChatRequest continued = openai.requests().getFirst();
        Message partial = continued.messages().get(continued.messages().size() - 2);
        assertEquals(Role.ASSISTANT, partial.role());
        assertEquals("Half an ", partial.text());
        assertEquals(ChatService.CONTINUE, continued.messages().getLast().text());
    }

    @Test
    void withMidAnswerFailoverOffTheAnswerEndsAsPartial() {
        anthropic.script((request, listener, cancellation) -> {
            listener.onEvent(new ChatStreamEvent.TextDelta("Half"));
            return ProviderReply.failed(List.of(new ContentBlock.Text("Half")), Usage.NONE, null,
                    ProviderError.of(ProviderError.Kind.OVERLOADED, "overloaded"));
        });
        Message reply = send(chat(router(null, false, List.of(anthropic, openai))), "code");
        assertEquals(MessageStatus.PARTIAL, reply.status());
        assertEquals("Half", reply.text());
        assertTrue(openai.requests().isEmpty());
        assertTrue(storedDecision(reply).failovers().isEmpty());
    }

    @Test
    void aReplyIsPricedAsTheModelThatAnsweredOrNotAtAll() {
        openai.script((request, listener, cancellation) -> new ProviderReply(List.of(new ContentBlock.Text("hi")),
                StopReason.END_TURN, new Usage(1_000_000, 0, 0), "claude-opus-4-6", null));
        assertNull(send(chat(), "hello").generation().costUsd(),
                "openai reported a model it has no price for: unknown, not the routed model's price");
        openai.script((request, listener, cancellation) -> new ProviderReply(List.of(new ContentBlock.Text("hi")),
                StopReason.END_TURN, new Usage(1_000_000, 0, 0), "gpt-5.4-2026-03-05", null));
        assertEquals(new java.math.BigDecimal("1"), send(chat(), "hello").generation().costUsd());
        assertFalse(anthropic.requests().size() > 0);
    }
}
