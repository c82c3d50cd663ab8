package dev.mosaic.application.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.application.ErrorCode;
import dev.mosaic.application.PageRequest;
import dev.mosaic.application.catalog.ModelInfo;
import dev.mosaic.application.catalog.Prices;
import dev.mosaic.application.catalog.Tier;
import dev.mosaic.application.event.ConversationEvent;
import dev.mosaic.application.fakes.InMemoryAbortSignals;
import dev.mosaic.application.fakes.InMemoryCheckpoints;
import dev.mosaic.application.fakes.InMemoryConversationMetrics;
import dev.mosaic.application.fakes.InMemoryConversationFeed;
import dev.mosaic.application.fakes.InMemoryConversations;
import dev.mosaic.application.fakes.InMemoryReplyLeases;
import dev.mosaic.application.fakes.JsonForTests;
import dev.mosaic.application.fakes.RecordingCircuits;
import dev.mosaic.application.fakes.Routers;
import dev.mosaic.application.fakes.ScriptedProvider;
import dev.mosaic.application.port.in.ConversationView;
import dev.mosaic.application.port.in.SendMessageCommand;
import dev.mosaic.application.port.in.SendOutcome;
import dev.mosaic.application.port.out.Checkpoints;
import dev.mosaic.application.port.out.ConversationMetrics;
import dev.mosaic.application.port.out.Conversations;
import dev.mosaic.application.view.ConversationTotals;
import dev.mosaic.domain.agent.AgentId;
import java.math.BigDecimal;
import dev.mosaic.application.port.out.ReplyLeases;
import dev.mosaic.application.port.out.provider.ChatStreamEvent;
import dev.mosaic.application.port.out.provider.ProviderError;
import dev.mosaic.application.port.out.provider.ProviderReply;
import dev.mosaic.application.tool.ToolRegistry;
import dev.mosaic.application.tool.ToolRunner;
import dev.mosaic.application.view.InsightHit;
import dev.mosaic.domain.conversation.ContentBlock;
import dev.mosaic.domain.conversation.ContextCheckpoint;
import dev.mosaic.domain.conversation.Conversation;
import dev.mosaic.domain.conversation.ConversationId;
import dev.mosaic.domain.conversation.Message;
import dev.mosaic.domain.conversation.MessageStatus;
import dev.mosaic.domain.conversation.Role;
import dev.mosaic.domain.conversation.StopReason;
import dev.mosaic.domain.conversation.Usage;
import dev.mosaic.domain.memory.Insight;
import dev.mosaic.domain.memory.InsightId;
import dev.mosaic.domain.memory.Preference;
import dev.mosaic.domain.routing.RouteTarget;
import dev.mosaic.domain.user.UserId;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

class ChatServiceTest {

    private final InMemoryConversations store = new InMemoryConversations();
    private final InMemoryReplyLeases leases = new InMemoryReplyLeases();
    private final InMemoryAbortSignals abortSignals = new InMemoryAbortSignals();
    private final UserId alice = UserId.random();
    private final ScriptedProvider provider = new ScriptedProvider("fake", ChatServiceTest::hello);
    private static final RouteTarget FAKE = new RouteTarget("fake", "fake-1");
    private final ContextManager context = new ContextManager(new InMemoryCheckpoints(store),
            new CalibratedTokenCounter((model, text) -> CalibratedTokenCounter.estimate(text)), Clock.systemUTC());
    private final RetryPolicy quickRetries = new RetryPolicy(3, Duration.ofMillis(1), Duration.ofSeconds(1));
    private final RecordingCircuits circuits = new RecordingCircuits();
    /** fake-1 costs $2 per million input tokens and $10 per million output tokens. */
    private final ModelCatalogService catalog = new ModelCatalogService(List.of(new ModelInfo("fake", "fake-1", null,
            Tier.STANDARD, 100_000, null, Set.of(), Prices.perMillion("2", "10", null), ModelInfo.Source.SEED)));
    /** No memory: what a user who has none gets. */
    static final BiFunction<UserId, String, MemoryContext.Recalled> NO_MEMORY = (actor, text) -> MemoryContext.Recalled.NOTHING;
    /** No tools: what a conversation without an agent gets. */
    static final ToolRunner NO_TOOLS = new ToolRunner(new ToolRegistry(List.of(), Set.of()), new JsonForTests());
    private final ChatService chat = new ChatService(store, leases, abortSignals,
            Routers.answeringWith(List.of(provider), FAKE, catalog, "Be brief."), context,
            quickRetries, circuits, catalog, Clock.systemUTC(), NO_TOOLS, new InMemoryConversationMetrics(store), NO_MEMORY, new InMemoryConversationFeed());
    private final List<ConversationEvent> events = new CopyOnWriteArrayList<>();

    private static ProviderReply hello(dev.mosaic.application.port.out.provider.ChatRequest request,
            dev.mosaic.application.port.out.provider.ChatStreamListener listener,
            dev.mosaic.application.port.out.provider.Cancellation cancellation) {
        listener.onEvent(new ChatStreamEvent.TextDelta("Hel"));
        listener.onEvent(new ChatStreamEvent.TextDelta("lo"));
        return new ProviderReply(List.of(new ContentBlock.Text("Hello")), StopReason.END_TURN, new Usage(12, 2, 0),
                "fake-1-20260115", null);
    }

    private SendOutcome.Replied send(Optional<ConversationId> conversation, String text) {
        SendOutcome outcome = chat.send(new SendMessageCommand(alice, conversation, text, "r1"), events::add);
        return assertInstanceOf(SendOutcome.Replied.class, outcome);
    }

    @Test
    void aNewConversationStoresTheQuestionAndTheCompleteReply() {
        SendOutcome.Replied replied = send(Optional.empty(), "Say hello");

        ConversationId id = replied.reply().conversationId();
        List<Message> stored = store.messages(alice, id);
        assertEquals(2, stored.size());
        assertEquals("Say hello", stored.get(0).text());
        Message reply = stored.get(1);
        assertEquals(MessageStatus.COMPLETE, reply.status());
        assertEquals("Hello", reply.text());
        assertEquals("fake-1-20260115", reply.generation().model());
        assertEquals(new Usage(12, 2, 0), reply.generation().usage());
        assertEquals(new java.math.BigDecimal("0.000044"), reply.generation().costUsd(), "12 × $2/M + 2 × $10/M");
        assertEquals(StopReason.END_TURN, reply.generation().stopReason());
        assertNotNull(reply.generation().timeToFirstToken());
        assertEquals("Say hello", store.find(alice, id).orElseThrow().title());
    }

    @Test
    void whatTheModelIsToldOfTheUsersMemoryIsInItsPromptAndTheClientHearsWhich() {
        Insight insight = new Insight(InsightId.random(), "Alice deploys on Fridays.", null, null, Instant.EPOCH,
                Instant.EPOCH);
        MemoryContext.Recalled recalled = new MemoryContext.Recalled(
                List.of(new Preference("language", "German", Instant.EPOCH)), List.of(new InsightHit(insight, 0.8, 0.7)),
                Optional.empty());
        List<String> askedFor = new CopyOnWriteArrayList<>();
        ChatService remembering = new ChatService(store, leases, abortSignals,
                Routers.answeringWith(List.of(provider), FAKE, catalog, "Be brief."), context, quickRetries, circuits,
                catalog, Clock.systemUTC(), NO_TOOLS, new InMemoryConversationMetrics(store), (actor, text) -> {
                    askedFor.add(text);
                    return recalled;
                }, new InMemoryConversationFeed());

        assertInstanceOf(SendOutcome.Replied.class, remembering.send(new SendMessageCommand(alice, Optional.empty(),
                "When do I deploy?", "r1"), events::add));

        assertEquals(List.of("When do I deploy?"), askedFor);
        String prompt = provider.requests().getLast().systemPrompt();
        assertTrue(prompt.startsWith("Be brief.\n\n"), prompt);
        assertTrue(prompt.contains("German") && prompt.contains("Alice deploys on Fridays."), prompt);
        ConversationEvent.MemoryRecalled told = events.stream().filter(ConversationEvent.MemoryRecalled.class::isInstance)
                .map(ConversationEvent.MemoryRecalled.class::cast).findFirst().orElseThrow();
        assertEquals(List.of("language"), told.preferences());
        assertEquals("Alice deploys on Fridays.", told.insights().getFirst().text());
    }

    @Test
    void anAnswerGoesOnWithoutMemoryWhenMemoryCannotBeRead() {
        ChatService forgetful = new ChatService(store, leases, abortSignals,
                Routers.answeringWith(List.of(provider), FAKE, catalog, "Be brief."), context, quickRetries, circuits,
                catalog, Clock.systemUTC(), NO_TOOLS, new InMemoryConversationMetrics(store), (actor, text) -> {
                    throw new IllegalStateException("the memory store is down");
                }, new InMemoryConversationFeed());

        SendOutcome outcome = forgetful.send(new SendMessageCommand(alice, Optional.empty(), "hi", "r1"), events::add);

        assertEquals("Hello", assertInstanceOf(SendOutcome.Replied.class, outcome).reply().text());
        assertEquals("Be brief.", provider.requests().getLast().systemPrompt());
        assertTrue(events.stream().anyMatch(e -> e instanceof ConversationEvent.MemoryRecalled m
                && "memory could not be read".equals(m.unavailable())), "the user is told");
    }

    @Test
    void aCostTheProviderReportsIsStoredInsteadOfTheListPrice() {
        provider.script((request, listener, cancellation) -> hello(request, listener, cancellation)
                .withReportedCostUsd(new java.math.BigDecimal("0.0123")));
        assertEquals(new java.math.BigDecimal("0.0123"), send(Optional.empty(), "hi").reply().generation().costUsd());
    }

    @Test
    void theClientHearsWhoAnswersThenTheDeltasThenTheEnd() {
        send(Optional.empty(), "Say hello");
        List<Class<?>> kinds = events.stream().<Class<?>>map(Object::getClass).toList();
        assertEquals(List.of(ConversationEvent.SessionInfo.class, ConversationEvent.MessageStored.class,
                ConversationEvent.ReplyStarted.class, ConversationEvent.ReplyDelta.class,
                ConversationEvent.ReplyDelta.class, ConversationEvent.ReplyEnded.class), kinds);
        ConversationEvent.SessionInfo info = (ConversationEvent.SessionInfo) events.getFirst();
        assertEquals("fake", info.provider());
        assertTrue(info.reason().contains("rule \"everything\" → fake/fake-1"), info.reason());
        assertEquals(FAKE, info.routing().selected());
        assertEquals("r1", ((ConversationEvent.MessageStored) events.get(1)).requestId());
    }

    @Test
    void theConversationIsFreeForTheNextMessageWhenTheClientHearsTheEnd() {
        List<Boolean> freeAtTheEnd = new CopyOnWriteArrayList<>();
        SendOutcome outcome = chat.send(new SendMessageCommand(alice, Optional.empty(), "Say hello", "r1"), event -> {
            if (event instanceof ConversationEvent.ReplyEnded ended) {
                // What a client does at once on hearing the end: send its next message.
                Optional<ReplyLeases.Lease> next = leases.acquire(alice, ended.conversationId());
                freeAtTheEnd.add(next.isPresent());
                next.ifPresent(ReplyLeases.Lease::close);
            }
        });
        assertInstanceOf(SendOutcome.Replied.class, outcome);
        assertEquals(List.of(true), freeAtTheEnd, "the lease is released before message:end is sent");
    }

    /**
     * A store whose exchange (question and reply start) waits for {@code go}, then fails when
     * {@code fails}, else is done and says so in {@code committed}; everything else goes straight to {@link #store}.
     */
    private Conversations slowStore(CountDownLatch go, boolean fails, AtomicBoolean committed) {
        return (Conversations) Proxy.newProxyInstance(Conversations.class.getClassLoader(),
                new Class<?>[] {Conversations.class}, (proxy, method, args) -> {
                    boolean exchange = method.getName().equals("appendExchange");
                    if (exchange) {
                        go.await();
                        if (fails) {
                            throw new IllegalStateException("the database went away");
                        }
                    }
                    try {
                        Object result = method.invoke(store, args);
                        committed.compareAndSet(false, exchange);
                        return result;
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private ChatService chatOver(Conversations conversations) {
        return new ChatService(conversations, leases, abortSignals,
                Routers.answeringWith(List.of(provider), FAKE, catalog, "Be brief."), context, quickRetries, circuits,
                catalog, Clock.systemUTC(), NO_TOOLS, new InMemoryConversationMetrics(conversations), NO_MEMORY, new InMemoryConversationFeed());
    }

    /**
     * A store that notes the name of every write, with the turns a final update counts, and of every read of a
     * conversation or its messages, with whether the conversation's lease was held.
     */
    private Conversations notingStore(List<String> writes) {
        return (Conversations) Proxy.newProxyInstance(Conversations.class.getClassLoader(),
                new Class<?>[] {Conversations.class}, (proxy, method, args) -> {
                    String name = method.getName();
                    if (name.equals("updateCounting")) {
                        Message message = (Message) args[1];
                        writes.add(name + " " + message.status() + " " + message.text() + " "
                                + ((List<?>) args[2]).size() + " turn(s)");
                    } else if (Set.of("append", "appendExchange", "update").contains(name)) {
                        writes.add(name);
                    } else if (Set.of("find", "history", "messages").contains(name)) {
                        writes.add(name + (leases.isHeld(alice, (ConversationId) args[1]) ? " (leased)" : ""));
                    }
                    try {
                        return method.invoke(store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** Metrics over {@link #store} that note each turn counted on its own, apart from a final update. */
    private ConversationMetrics notingMetrics(InMemoryConversationMetrics counted, List<String> separately) {
        return new ConversationMetrics() {
            @Override
            public void recordTurn(UserId actor, ConversationId id, RouteTarget model, AgentId agent, Usage usage,
                    BigDecimal cost, Duration active, int toolCalls) {
                separately.add(model + " " + usage.inputTokens());
                counted.recordTurn(actor, id, model, agent, usage, cost, active, toolCalls);
            }

            @Override
            public Optional<ConversationTotals> find(UserId actor, ConversationId id) {
                return counted.find(actor, id);
            }
        };
    }

    private ChatService chatOver(Conversations conversations, ConversationMetrics metrics) {
        return new ChatService(conversations, leases, abortSignals,
                Routers.answeringWith(List.of(provider), FAKE, catalog, "Be brief."), context, quickRetries, circuits,
                catalog, Clock.systemUTC(), NO_TOOLS, metrics, NO_MEMORY, new InMemoryConversationFeed());
    }

    @Test
    void aReplysTurnIsCountedByTheWriteThatCompletesIt() {
        List<String> writes = new CopyOnWriteArrayList<>();
        List<String> separately = new CopyOnWriteArrayList<>();
        InMemoryConversationMetrics metrics = new InMemoryConversationMetrics(store);
        ChatService counting = chatOver(notingStore(writes), notingMetrics(metrics, separately));

        SendOutcome outcome = counting.send(new SendMessageCommand(alice, Optional.empty(), "Say hello", "r1"),
                events::add);

        ConversationId id = assertInstanceOf(SendOutcome.Replied.class, outcome).reply().conversationId();
        assertEquals(List.of("appendExchange", "updateCounting COMPLETE Hello 1 turn(s)"), writes,
                "the question and the reply's start, then the reply with its count: two writes");
        assertEquals(List.of(), separately, "no write of its own for the count");
        ConversationTotals totals = metrics.find(alice, id).orElseThrow();
        assertEquals(1, totals.turns());
        assertEquals(12, totals.inputTokens());
        assertEquals(2, totals.outputTokens());
    }

    @Test
    void aTurnThatCannotBeCountedNeitherFailsNorLosesTheReply() {
        List<String> writes = new CopyOnWriteArrayList<>();
        List<String> separately = new CopyOnWriteArrayList<>();
        InMemoryConversationMetrics metrics = new InMemoryConversationMetrics(store);
        ChatService counting = chatOver(notingStore(writes), notingMetrics(metrics, separately));
        ConversationId id = assertInstanceOf(SendOutcome.Replied.class, counting.send(
                new SendMessageCommand(alice, Optional.empty(), "Say hello", "r1"), events::add)).reply().conversationId();
        // The conversation's input tokens are at the most they can be: the next turn's cannot be added.
        metrics.recordTurn(alice, id, FAKE, null, new Usage(Long.MAX_VALUE - 12, 0, 0), null, Duration.ZERO, 0);
        events.clear();
        writes.clear();

        SendOutcome outcome = counting.send(new SendMessageCommand(alice, Optional.of(id), "Again", "r2"), events::add);

        SendOutcome.Replied replied = assertInstanceOf(SendOutcome.Replied.class, outcome);
        assertEquals(MessageStatus.COMPLETE, replied.reply().status());
        assertInstanceOf(ConversationEvent.ReplyEnded.class, events.getLast());
        Message stored = store.messages(alice, id).getLast();
        assertEquals(replied.reply().id(), stored.id());
        assertEquals(MessageStatus.COMPLETE, stored.status());
        assertEquals("Hello", stored.text());
        assertEquals(List.of("find", "history (leased)", "appendExchange", "updateCounting COMPLETE Hello 1 turn(s)"),
                writes);
        assertEquals(List.of(FAKE + " 12"), separately, "counted once more on its own, which fails too");
        assertEquals(2, metrics.find(alice, id).orElseThrow().turns(), "the first reply's turn and the one added here");
    }

    @Test
    void aMessageInAConversationThatGoesOnReadsItsHistoryOnceUnderTheLeaseWithWhatAnotherInstanceWrote() {
        List<String> calls = new CopyOnWriteArrayList<>();
        List<ConversationId> checkpointReads = new CopyOnWriteArrayList<>();
        Conversations noting = notingStore(calls);
        InMemoryCheckpoints checkpoints = new InMemoryCheckpoints(store);
        ContextManager readingCheckpoints = new ContextManager(new Checkpoints() {
            @Override
            public void store(UserId actor, ContextCheckpoint checkpoint) {
                checkpoints.store(actor, checkpoint);
            }

            @Override
            public List<ContextCheckpoint> of(UserId actor, ConversationId conversation) {
                checkpointReads.add(conversation);
                return checkpoints.of(actor, conversation);
            }
        }, new CalibratedTokenCounter((model, text) -> CalibratedTokenCounter.estimate(text)), Clock.systemUTC());
        ChatService going = new ChatService(noting, leases, abortSignals,
                Routers.answeringWith(List.of(provider), FAKE, catalog, "Be brief."), readingCheckpoints, quickRetries,
                circuits, catalog, Clock.systemUTC(), NO_TOOLS, new InMemoryConversationMetrics(store), NO_MEMORY,
                new InMemoryConversationFeed());
        ConversationId id = assertInstanceOf(SendOutcome.Replied.class, going.send(
                new SendMessageCommand(alice, Optional.empty(), "Say hello", "r1"), events::add)).reply().conversationId();
        // Another instance answered a message in between, and left a checkpoint of the conversation so far.
        Conversation conversation = store.find(alice, id).orElseThrow();
        Message elsewhere = Message.fromUser(conversation, "Asked elsewhere", Instant.now());
        store.append(alice, elsewhere);
        List<Message> sofar = store.messages(alice, id);
        checkpoints.store(alice, new ContextCheckpoint(java.util.UUID.randomUUID(), id, alice, "They said hello.",
                sofar.getFirst().id(), sofar.get(1).id(), 2, 20, 5, "fake", "fake-1", Instant.now()));
        calls.clear();
        checkpointReads.clear();

        assertInstanceOf(SendOutcome.Replied.class, going.send(
                new SendMessageCommand(alice, Optional.of(id), "And again", "r2"), events::add));

        assertEquals(List.of("find", "history (leased)", "appendExchange", "updateCounting COMPLETE Hello 1 turn(s)"),
                calls, "the conversation alone, to refuse what nothing can answer before the lease is taken; then one"
                        + " read under the lease, and the two writes");
        assertEquals(List.of(), checkpointReads, "the checkpoint came with the history");
        String sent = provider.requests().getLast().messages().stream().map(Message::text)
                .collect(java.util.stream.Collectors.joining(" | "));
        assertTrue(sent.contains("They said hello.") && sent.contains("Asked elsewhere") && sent.endsWith("And again"),
                sent);
        assertFalse(sent.contains("Say hello"), "what the checkpoint covers is left out: " + sent);
    }

    @Test
    void theQuestionIsStoredBeforeAnyOfTheAnswerReachesTheClientEvenWhenTheProviderIsFaster() {
        CountDownLatch answered = new CountDownLatch(1);
        AtomicBoolean committed = new AtomicBoolean();
        List<Boolean> committedWhenHeard = new CopyOnWriteArrayList<>();
        provider.script((request, listener, cancellation) -> {
            ProviderReply reply = hello(request, listener, cancellation);
            answered.countDown(); // the whole answer arrived while the question is still being stored
            return reply;
        });
        SendOutcome outcome = chatOver(slowStore(answered, false, committed)).send(
                new SendMessageCommand(alice, Optional.empty(), "Is it stored?", "r1"), event -> {
                    committedWhenHeard.add(committed.get());
                    events.add(event);
                });

        assertInstanceOf(SendOutcome.Replied.class, outcome);
        assertEquals(List.of(ConversationEvent.SessionInfo.class, ConversationEvent.MessageStored.class,
                ConversationEvent.ReplyStarted.class, ConversationEvent.ReplyDelta.class,
                ConversationEvent.ReplyDelta.class, ConversationEvent.ReplyEnded.class),
                events.stream().<Class<?>>map(Object::getClass).toList());
        assertFalse(committedWhenHeard.contains(false), "the client heard something before the commit");
        assertEquals(List.of("Hel", "lo"), events.stream().filter(ConversationEvent.ReplyDelta.class::isInstance)
                .map(e -> ((ConversationEvent.ReplyDelta) e).text()).toList(), "held deltas are passed on in order");
        ConversationId id = ((SendOutcome.Replied) outcome).reply().conversationId();
        assertEquals(List.of("Is it stored?", "Hello"), store.messages(alice, id).stream().map(Message::text).toList());
    }

    @Test
    void whenTheQuestionCannotBeStoredTheProviderCallIsCancelledAndTheClientIsTold() {
        CountDownLatch called = new CountDownLatch(1);
        AtomicBoolean cancelled = new AtomicBoolean();
        provider.script((request, listener, cancellation) -> {
            CountDownLatch stopped = new CountDownLatch(1);
            cancellation.onCancel(stopped::countDown);
            listener.onEvent(new ChatStreamEvent.TextDelta("Hel"));
            called.countDown();
            try {
                stopped.await();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            cancelled.set(true);
            return ProviderReply.failed(List.of(new ContentBlock.Text("Hel")), Usage.NONE, null,
                    ProviderError.of(ProviderError.Kind.ABORTED, "cancelled"));
        });
        SendOutcome outcome = chatOver(slowStore(called, true, new AtomicBoolean())).send(
                new SendMessageCommand(alice, Optional.empty(), "Is it stored?", "r1"), events::add);

        SendOutcome.Rejected rejected = assertInstanceOf(SendOutcome.Rejected.class, outcome);
        assertEquals(ErrorCode.INTERNAL, rejected.rejection().code());
        assertTrue(rejected.rejection().message().contains("could not be stored"), rejected.rejection().message());
        assertTrue(cancelled.get(), "the provider call was cancelled");
        assertEquals(List.of(), events, "the client heard nothing of a reply");
        assertEquals(0, store.list(alice, false, new PageRequest(1, 10)).total(), "nothing half-stored");
    }

    @Test
    void aResumedConversationSendsTheWholeHistoryWithTheSystemPrompt() {
        ConversationId id = send(Optional.empty(), "first").reply().conversationId();
        send(Optional.of(id), "second");

        var request = provider.requests().getLast();
        assertEquals("Be brief.", request.systemPrompt());
        assertEquals(List.of("first", "Hello", "second"), request.messages().stream().map(Message::text).toList());
        assertEquals(List.of(Role.USER, Role.ASSISTANT, Role.USER), request.messages().stream().map(Message::role).toList());
    }

    @Test
    void anUnknownOrForeignConversationIsNotFoundAndNothingIsStored() {
        ConversationId bobs = ConversationId.random();
        UserId bob = UserId.random();
        store.create(bob, new Conversation(bobs, bob, "bob's", Instant.now()));

        for (ConversationId id : List.of(ConversationId.random(), bobs)) {
            SendOutcome outcome = chat.send(new SendMessageCommand(alice, Optional.of(id), "hi", null), events::add);
            assertEquals(ErrorCode.NOT_FOUND, assertInstanceOf(SendOutcome.Rejected.class, outcome).rejection().code());
        }
        assertEquals(List.of(), store.messages(bob, bobs));
        assertTrue(provider.requests().isEmpty());
    }

    @Test
    void aProviderFailureKeepsWhatArrivedAsAPartialReply() {
        provider.script((request, listener, cancellation) -> {
            listener.onEvent(new ChatStreamEvent.TextDelta("I'm"));
            return ProviderReply.failed(List.of(new ContentBlock.Text("I'm")), Usage.NONE, null,
                    ProviderError.of(ProviderError.Kind.UNAVAILABLE, "server_error"));
        });
        Message reply = send(Optional.empty(), "hi").reply();

        assertEquals(MessageStatus.PARTIAL, reply.status());
        assertEquals("I'm", reply.text());
        assertEquals(StopReason.ERROR, reply.generation().stopReason());
        assertEquals("provider_unavailable", reply.generation().error().code());
        assertEquals(reply, store.messages(alice, reply.conversationId()).getLast());
    }

    @Test
    void anAdapterThatThrowsStillLeavesAStoredPartialReply() {
        provider.script((request, listener, cancellation) -> {
            listener.onEvent(new ChatStreamEvent.TextDelta("half"));
            throw new IllegalStateException("boom");
        });
        Message reply = send(Optional.empty(), "hi").reply();
        assertEquals(MessageStatus.PARTIAL, reply.status());
        assertEquals("half", reply.text());
        assertEquals("provider_error", reply.generation().error().code());
    }

    @Test
    void aClientThatLeavesDoesNotStopTheReply() {
        SendOutcome outcome = chat.send(new SendMessageCommand(alice, Optional.empty(), "hi", null), event -> {
            if (event instanceof ConversationEvent.ReplyDelta) {
                throw new IllegalStateException("socket closed");
            }
        });
        Message reply = assertInstanceOf(SendOutcome.Replied.class, outcome).reply();
        assertEquals(MessageStatus.COMPLETE, store.messages(alice, reply.conversationId()).getLast().status());
        assertEquals("Hello", store.messages(alice, reply.conversationId()).getLast().text());
    }

    @Test
    void oneReplyAtATimePerConversation() {
        ConversationId id = send(Optional.empty(), "first").reply().conversationId();
        ReplyLeases.Lease busy = leases.acquire(alice, id).orElseThrow();
        SendOutcome outcome = chat.send(new SendMessageCommand(alice, Optional.of(id), "again", null), events::add);
        assertEquals(ErrorCode.REPLY_IN_PROGRESS, assertInstanceOf(SendOutcome.Rejected.class, outcome).rejection().code());
        busy.close();
        assertEquals(2, store.messages(alice, id).size(), "the rejected message was not stored");
    }

    /**
     * A provider that streams {@code text}, counts {@code streaming} down, then waits until the reply
     * is cancelled (running {@code onCancel} then) and ends it as aborted.
     */
    private static ScriptedProvider.Script untilCancelled(String text, CountDownLatch streaming, Runnable onCancel) {
        return (request, listener, cancellation) -> {
            listener.onEvent(new ChatStreamEvent.TextDelta(text));
            CountDownLatch stopped = new CountDownLatch(1);
            cancellation.onCancel(() -> {
                onCancel.run();
                stopped.countDown();
            });
            streaming.countDown();
            try {
                assertTrue(stopped.await(10, TimeUnit.SECONDS), "the abort reached the provider");
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            return ProviderReply.failed(List.of(new ContentBlock.Text(text)), Usage.NONE, null,
                    ProviderError.of(ProviderError.Kind.ABORTED, "aborted by the user"));
        };
    }

    @Test
    void anAbortStopsTheProviderAndKeepsThePartialReply() throws Exception {
        ConversationId id = send(Optional.empty(), "start").reply().conversationId();
        CountDownLatch streaming = new CountDownLatch(1);
        provider.script(untilCancelled("Once upon", streaming, () -> {}));
        Thread replying = Thread.ofVirtual().start(() -> send(Optional.of(id), "tell a story"));
        assertTrue(streaming.await(10, TimeUnit.SECONDS));
        assertEquals(Optional.empty(), chat.abort(alice, id));
        assertTrue(replying.join(Duration.ofSeconds(10)));

        Message reply = store.messages(alice, id).getLast();
        assertEquals(MessageStatus.PARTIAL, reply.status());
        assertEquals(StopReason.ABORTED, reply.generation().stopReason());
        assertEquals("aborted", reply.generation().error().code());
        assertEquals("Once upon", reply.text());
        assertEquals(ErrorCode.NO_REPLY_IN_PROGRESS, chat.abort(alice, id).orElseThrow().code());
    }

    @Test
    void anAbortForAReplyAnotherInstanceWritesIsSignalledAndTheSignalStopsIt() throws Exception {
        ConversationId id = send(Optional.empty(), "start").reply().conversationId();
        ConversationId elsewhere = send(Optional.empty(), "another").reply().conversationId();
        // Another instance holds this conversation's lease: the abort goes out as a signal.
        try (ReplyLeases.Lease held = leases.acquire(alice, elsewhere).orElseThrow()) {
            assertEquals(Optional.empty(), chat.abort(alice, elsewhere));
        }
        assertEquals(List.of(new InMemoryAbortSignals.Signal(alice, elsewhere)), abortSignals.published());
        assertEquals(ErrorCode.NO_REPLY_IN_PROGRESS, chat.abort(alice, elsewhere).orElseThrow().code(), "no lease, no reply");

        // The instance writing a reply stops it when the signal for it arrives, and only then.
        AtomicBoolean signalledForIt = new AtomicBoolean();
        AtomicBoolean stoppedTooEarly = new AtomicBoolean();
        CountDownLatch streaming = new CountDownLatch(1);
        provider.script(untilCancelled("Once", streaming,
                () -> stoppedTooEarly.compareAndSet(false, !signalledForIt.get())));
        Thread replying = Thread.ofVirtual().start(() -> send(Optional.of(id), "tell a story"));
        assertTrue(streaming.await(10, TimeUnit.SECONDS));
        chat.abortSignalled(UserId.random(), id);
        chat.abortSignalled(alice, ConversationId.random());
        signalledForIt.set(true);
        chat.abortSignalled(alice, id);
        assertTrue(replying.join(Duration.ofSeconds(10)));
        assertFalse(stoppedTooEarly.get(), "signals for another owner or conversation change nothing");
        assertEquals(StopReason.ABORTED, store.messages(alice, id).getLast().generation().stopReason());
    }

    @Test
    void progressIsStoredWhileTheReplyStreams() {
        RoutingSettings eager = new RoutingSettings(List.of(FAKE), false, false, true, "", Duration.ZERO, null, 32_768, null);
        ChatService eagerChat = new ChatService(store, leases, abortSignals,
                Routers.answeringWith(List.of(provider), FAKE, catalog, eager), context, quickRetries,
                circuits, catalog, Clock.systemUTC(), NO_TOOLS, new InMemoryConversationMetrics(store), NO_MEMORY, new InMemoryConversationFeed());
        provider.script((request, listener, cancellation) -> {
            listener.onEvent(new ChatStreamEvent.ThinkingDelta("hmm"));
            listener.onEvent(new ChatStreamEvent.TextDelta("Partial text"));
            ConversationId id = request.messages().getLast().conversationId();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            // The provider is called while the question is being stored: wait for the reply's row, then its progress.
            while ((store.messages(alice, id).isEmpty() || store.messages(alice, id).getLast().content().isEmpty())
                    && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            Message inFlight = store.messages(alice, id).getLast();
            assertEquals(MessageStatus.STREAMING, inFlight.status());
            assertFalse(inFlight.content().isEmpty(), "what arrived so far is in the database");
            return new ProviderReply(List.of(new ContentBlock.Thinking("hmm", null), new ContentBlock.Text("Partial text done")),
                    StopReason.END_TURN, Usage.NONE, null, null);
        });
        SendOutcome outcome = eagerChat.send(new SendMessageCommand(alice, Optional.empty(), "go", null), events::add);
        Message reply = assertInstanceOf(SendOutcome.Replied.class, outcome).reply();
        assertEquals(MessageStatus.COMPLETE, store.messages(alice, reply.conversationId()).getLast().status());
        assertEquals("Partial text done", store.messages(alice, reply.conversationId()).getLast().text());
    }

    @Test
    void aReplyLeftStreamingByAStoppedGatewayIsSettledAsInterrupted() {
        ConversationId id = send(Optional.empty(), "first").reply().conversationId();
        Conversation conversation = store.find(alice, id).orElseThrow();
        Message started = Message.assistantStarted(conversation, "fake", "fake-1", Instant.now());
        store.append(alice, started);
        store.update(alice, started.withProgress(List.of(new ContentBlock.Text("cut o")), started.generation(),
                MessageStatus.STREAMING));

        ConversationView view = chat.get(alice, id).orElseThrow();
        assertFalse(view.replyInProgress());
        Message settled = view.messages().getLast();
        assertEquals(MessageStatus.PARTIAL, settled.status());
        assertEquals("interrupted", settled.generation().error().code());
        assertEquals("cut o", settled.text());
        assertEquals(settled, store.messages(alice, id).getLast());
    }

    @Test
    void abandonedRepliesAreSettledWithoutWaitingForAReaderButNotOneBeingWritten() {
        UserId bob = UserId.random();
        ConversationId alices = send(Optional.empty(), "first").reply().conversationId();
        Conversation bobs = Conversation.start(bob, "bob's", Instant.now());
        store.create(bob, bobs);
        Message left = Message.assistantStarted(store.find(alice, alices).orElseThrow(), "fake", "fake-1", Instant.now());
        store.append(alice, left);
        Message writing = Message.assistantStarted(bobs, "fake", "fake-1", Instant.now());
        store.append(bob, writing);

        try (ReplyLeases.Lease bobsWriter = leases.acquire(bob, bobs.id()).orElseThrow()) {
            assertEquals(1, chat.settleAbandoned());
            assertEquals(MessageStatus.STREAMING, store.messages(bob, bobs.id()).getLast().status(), "being written");
        }
        Message settled = store.messages(alice, alices).getLast();
        assertEquals(MessageStatus.PARTIAL, settled.status());
        assertEquals("interrupted", settled.generation().error().code());
        assertTrue(leases.acquire(alice, alices).isPresent(), "the sweep let go of the lease");
        assertEquals(1, chat.settleAbandoned(), "bob's, once its writer is gone");
        assertEquals(0, chat.settleAbandoned());
    }

    @Test
    void anAbortedReplyWithoutUsageHasItsTokensEstimatedAndSaysSo() {
        provider.script((request, listener, cancellation) -> {
            listener.onEvent(new ChatStreamEvent.TextDelta("Twelve words of text were written before the user hit stop here."));
            return ProviderReply.failed(List.of(new ContentBlock.Text(
                    "Twelve words of text were written before the user hit stop here.")), Usage.NONE, null,
                    ProviderError.of(ProviderError.Kind.ABORTED, "aborted"));
        });
        Usage usage = send(Optional.empty(), "go on").reply().generation().usage();
        assertTrue(usage.estimated());
        assertTrue(usage.outputTokens() > 0 && usage.inputTokens() > 0, usage.toString());

        provider.script(ChatServiceTest::hello);
        Usage reported = send(Optional.empty(), "Say hello").reply().generation().usage();
        assertEquals(new Usage(12, 2, 0), reported, "what the provider reports is kept as it is");
    }

    @Test
    void aReplyStillRunningIsShownAsSuchAndLeftAlone() {
        ConversationId id = send(Optional.empty(), "first").reply().conversationId();
        Conversation conversation = store.find(alice, id).orElseThrow();
        store.append(alice, Message.assistantStarted(conversation, "fake", "fake-1", Instant.now()));
        try (ReplyLeases.Lease running = leases.acquire(alice, id).orElseThrow()) {
            ConversationView view = chat.get(alice, id).orElseThrow();
            assertTrue(view.replyInProgress());
            assertEquals(MessageStatus.STREAMING, view.messages().getLast().status());
        }
    }

    private static ProviderReply rateLimited(Duration retryAfter) {
        return ProviderReply.failed(List.of(), Usage.NONE, null,
                new ProviderError(ProviderError.Kind.RATE_LIMITED, "slow down", 429, retryAfter, true));
    }

    @Test
    void aRetryableFailureBeforeAnyTokenIsTriedAgainUntilItWorks() {
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        provider.script((request, listener, cancellation) ->
                calls.incrementAndGet() < 3 ? rateLimited(Duration.ofMillis(2)) : hello(request, listener, cancellation));
        Message reply = send(Optional.empty(), "hi").reply();
        assertEquals(MessageStatus.COMPLETE, reply.status());
        assertEquals(3, calls.get());
        assertEquals(List.of("fake:RATE_LIMITED", "fake:RATE_LIMITED", "fake:ok"), circuits.outcomes(),
                "every real call feeds the provider's circuit");
    }

    @Test
    void noRetryAfterTokensReachedTheUserNorForFailuresARetryCannotFix() {
        provider.script((request, listener, cancellation) -> {
            listener.onEvent(new ChatStreamEvent.TextDelta("Hal"));
            return ProviderReply.failed(List.of(new ContentBlock.Text("Hal")), Usage.NONE, null,
                    ProviderError.of(ProviderError.Kind.OVERLOADED, "overloaded"));
        });
        assertEquals(MessageStatus.PARTIAL, send(Optional.empty(), "hi").reply().status());
        assertEquals(1, provider.requests().size(), "tokens had reached the user");

        provider.script((request, listener, cancellation) -> ProviderReply.failed(List.of(), Usage.NONE, null,
                ProviderError.of(ProviderError.Kind.AUTHENTICATION, "bad key")));
        assertEquals("provider_authentication", send(Optional.empty(), "hi").reply().generation().error().code());
        assertEquals(2, provider.requests().size(), "an authentication failure is not retried");
    }

    @Test
    void aRetryAfterLongerThanTheLimitIsNotWaitedFor() {
        provider.script((request, listener, cancellation) -> rateLimited(Duration.ofMinutes(5)));
        assertEquals("provider_rate_limited", send(Optional.empty(), "hi").reply().generation().error().code());
        assertEquals(1, provider.requests().size());
    }

    @Test
    void retriesStopAfterTheLastAttempt() {
        provider.script((request, listener, cancellation) -> rateLimited(null));
        assertEquals(MessageStatus.PARTIAL, send(Optional.empty(), "hi").reply().status());
        assertEquals(3, provider.requests().size());
    }
}
