package dev.mosaic.application.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.application.catalog.ModelInfo;
import dev.mosaic.application.catalog.Prices;
import dev.mosaic.application.catalog.Tier;
import dev.mosaic.application.event.ConversationEvent;
import dev.mosaic.application.fakes.InMemoryAbortSignals;
import dev.mosaic.application.fakes.InMemoryAgents;
import dev.mosaic.application.fakes.InMemoryCheckpoints;
import dev.mosaic.application.fakes.InMemoryConversationMetrics;
import dev.mosaic.application.fakes.InMemoryConversationFeed;
import dev.mosaic.application.fakes.InMemoryConversations;
import dev.mosaic.application.fakes.InMemoryReplyLeases;
import dev.mosaic.application.fakes.JsonForTests;
import dev.mosaic.application.fakes.RecordingCircuits;
import dev.mosaic.application.fakes.Routers;
import dev.mosaic.application.fakes.ScriptedProvider;
import dev.mosaic.application.port.in.ClientToolListener;
import dev.mosaic.application.port.in.SendMessageCommand;
import dev.mosaic.application.port.in.SendOutcome;
import dev.mosaic.application.port.out.provider.ChatRequest;
import dev.mosaic.application.port.out.provider.ChatStreamEvent;
import dev.mosaic.application.port.out.provider.ProviderError;
import dev.mosaic.application.port.out.provider.ProviderReply;
import dev.mosaic.application.tool.CurrentTimeTool;
import dev.mosaic.application.tool.Tool;
import dev.mosaic.application.tool.ToolOutput;
import dev.mosaic.application.tool.ToolRegistry;
import dev.mosaic.application.tool.ToolRunner;
import dev.mosaic.application.tool.ToolSpec;
import dev.mosaic.application.view.ConversationTotals;
import dev.mosaic.domain.agent.AgentCapabilities;
import dev.mosaic.domain.agent.AgentConfig;
import dev.mosaic.domain.agent.AgentDraft;
import dev.mosaic.domain.agent.AgentId;
import dev.mosaic.domain.agent.Skill;
import dev.mosaic.domain.conversation.ContentBlock;
import dev.mosaic.domain.conversation.ConversationId;
import dev.mosaic.domain.conversation.Message;
import dev.mosaic.domain.conversation.MessageStatus;
import dev.mosaic.domain.conversation.Role;
import dev.mosaic.domain.conversation.StopReason;
import dev.mosaic.domain.conversation.Usage;
import dev.mosaic.domain.routing.RouteTarget;
import dev.mosaic.domain.user.Owner;
import dev.mosaic.domain.user.UserId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The tool loop: a model asks for tools, the gateway runs what the agent allows, and the model goes on. */
class ToolLoopTest {
    private static final RouteTarget FAKE = new RouteTarget("fake", "fake-1");
    private static final Clock NOON = Clock.fixed(Instant.parse("2026-12-03T12:00:00Z"), ZoneOffset.UTC);

    private final InMemoryConversations store = new InMemoryConversations();
    private final InMemoryAgents agents = new InMemoryAgents();
    private final InMemoryConversationMetrics metrics = new InMemoryConversationMetrics(store);
    private final InMemoryAbortSignals abortSignals = new InMemoryAbortSignals();
    private final UserId alice = UserId.random();
    private final List<ConversationEvent> events = new CopyOnWriteArrayList<>();
    private final ModelCatalogService catalog = new ModelCatalogService(List.of(new ModelInfo("fake", "fake-1", null,
            Tier.STANDARD, 100_000, null, Set.of(), Prices.perMillion("2", "10", null), ModelInfo.Source.SEED)));
    private final AtomicInteger slowRuns = new AtomicInteger();
    private final CountDownLatch bothRunning = new CountDownLatch(2);

    /** Waits until a second call of itself runs at the same time: it only returns when calls run in parallel. */
    private final Tool together = tool("together", invocation -> {
        bothRunning.countDown();
        return ToolOutput.ok(bothRunning.await(5, TimeUnit.SECONDS) ? "met the other call" : "ran alone");
    });
    private final Tool hangs = tool("hangs", invocation -> {
        Thread.sleep(60_000);
        return ToolOutput.ok("never");
    });
    private final Tool throwsUp = tool("throws_up", invocation -> {
        throw new IllegalStateException("the disk is on fire");
    });
    private final Tool huge = tool("huge", invocation -> ToolOutput.ok("x".repeat(10 * 1024 * 1024)));
    private final Tool counted = tool("counted", invocation -> ToolOutput.ok("run " + slowRuns.incrementAndGet()));
    private final ToolRegistry registry = new ToolRegistry(List.of(new CurrentTimeTool(NOON), together, hangs, throwsUp,
            huge, counted), Set.of("read_file"));

    private final ScriptedProvider provider = new ScriptedProvider("fake", (r, l, c) -> text("nothing scripted"));

    private ChatService chat() {
        return new ChatService(store, new InMemoryReplyLeases(), abortSignals,
                Routers.answeringWith(List.of(provider), FAKE, catalog, Routers.settings(List.of(FAKE), "Gateway prompt."),
                        agents),
                new ContextManager(new InMemoryCheckpoints(store),
                        new CalibratedTokenCounter((model, text) -> CalibratedTokenCounter.estimate(text)), Clock.systemUTC()),
                new RetryPolicy(1, Duration.ofMillis(1), Duration.ofSeconds(1)), new RecordingCircuits(), catalog,
                Clock.systemUTC(), new ToolRunner(registry, new JsonForTests()), metrics, ChatServiceTest.NO_MEMORY, new InMemoryConversationFeed());
    }

    private static Tool tool(String name, ThrowingRun run) {
        ToolSpec spec = new ToolSpec(name, "a tool for tests", "{\"type\":\"object\"}");
        return new Tool() {
            @Override
            public ToolSpec spec() {
                return spec;
            }

            @Override
            public ToolOutput run(dev.mosaic.application.tool.ToolInvocation invocation) throws Exception {
                return run.run(invocation);
            }
        };
    }

    private interface ThrowingRun {
        ToolOutput run(dev.mosaic.application.tool.ToolInvocation invocation) throws Exception;
    }

    private AgentConfig agent(String name, List<String> tools, int stepLimit, Duration timeout) {
        AgentConfig agent = AgentConfig.create(AgentId.random(), Owner.SYSTEM, new AgentDraft(name, "", "You are " + name
                + ".", null, tools, List.of(new Skill("care", "Check your work.")), AgentCapabilities.NONE, stepLimit,
                timeout), vocabulary(), Instant.now());
        agents.save(alice, agent);
        return agent;
    }

    private AgentDraft.Vocabulary vocabulary() {
        return new AgentDraft.Vocabulary() {
            @Override
            public boolean knowsModel(RouteTarget model) {
                return true;
            }

            @Override
            public boolean knowsTool(String name) {
                return registry.knows(name);
            }
        };
    }

    private static ProviderReply text(String text) {
        return new ProviderReply(List.of(new ContentBlock.Text(text)), StopReason.END_TURN, new Usage(10, 5, 0), "fake-1",
                null);
    }

    private static ProviderReply calls(ContentBlock.ToolCall... calls) {
        return new ProviderReply(List.of(calls), StopReason.TOOL_USE, new Usage(10, 5, 0), "fake-1", null);
    }

    /** First the calls, then an answer that quotes the results it was sent. */
    private void script(ContentBlock.ToolCall... calls) {
        provider.script((request, listener, cancellation) -> {
            Message last = request.messages().getLast();
            if (last.role() == Role.TOOL) {
                return text("results: " + last.content().stream().map(b -> ((ContentBlock.ToolResult) b).content()).toList());
            }
            for (int i = 0; i < calls.length; i++) {
                listener.onEvent(new ChatStreamEvent.ToolCallStarted(i, calls[i].id(), calls[i].name()));
                listener.onEvent(new ChatStreamEvent.ToolCallDelta(i, calls[i].argumentsJson()));
            }
            return calls(calls);
        });
    }

    private SendOutcome.Replied send(String text, ClientToolListener client) {
        SendOutcome outcome = chat().send(new SendMessageCommand(alice, Optional.empty(), text, "r1", client), events::add);
        return assertInstanceOf(SendOutcome.Replied.class, outcome);
    }

    private List<Message> stored(SendOutcome.Replied replied) {
        return store.messages(alice, replied.reply().conversationId());
    }

    private static List<ContentBlock.ToolResult> results(Message toolMessage) {
        assertEquals(Role.TOOL, toolMessage.role());
        return toolMessage.content().stream().map(ContentBlock.ToolResult.class::cast).toList();
    }

    @Test
    void theDefaultAgentsPromptSkillsAndAllowedToolsAreWhatTheModelGets() {
        agent("default", List.of("current_time"), 20, Duration.ofSeconds(5));
        script();
        provider.script((r, l, c) -> text("hi"));
        send("hello", ClientToolListener.NONE);

        ChatRequest request = provider.requests().getFirst();
        assertEquals("You are default.\n\n## Skill: care\nCheck your work.", request.systemPrompt());
        assertEquals(List.of("current_time"), request.tools().stream().map(ToolSpec::name).toList());
    }

    @Test
    void aCallIsRunStoredAnsweredAndTheModelGoesOnUntilItEndsItsTurn() {
        agent("default", List.of("current_time"), 20, Duration.ofSeconds(5));
        script(new ContentBlock.ToolCall("t1", "current_time", "{\"timezone\":\"Europe/Berlin\"}"));

        SendOutcome.Replied replied = send("what time is it in Berlin?", ClientToolListener.NONE);

        List<Message> stored = stored(replied);
        assertEquals(List.of(Role.USER, Role.ASSISTANT, Role.TOOL, Role.ASSISTANT), stored.stream().map(Message::role).toList());
        assertEquals(StopReason.TOOL_USE, stored.get(1).generation().stopReason());
        assertEquals("default", stored.get(1).generation().agent().name(), "each reply names the agent that wrote it");
        ContentBlock.ToolResult result = results(stored.get(2)).getFirst();
        assertEquals("t1", result.toolCallId());
        assertFalse(result.isError());
        assertTrue(result.content().startsWith("2026-12-03T13:00:00+01:00 (Thursday"), result.content());
        assertEquals("results: [" + result.content() + "]", replied.reply().text());
        assertEquals(MessageStatus.COMPLETE, replied.reply().status());

        ChatRequest second = provider.requests().get(1);
        assertEquals(List.of(Role.USER, Role.ASSISTANT, Role.TOOL), second.messages().stream().map(Message::role).toList(),
                "the results go back after the call that asked for them");
        List<Class<?>> kinds = events.stream().<Class<?>>map(Object::getClass).filter(k -> k != ConversationEvent.ReplyDelta.class)
                .toList();
        assertEquals(List.of(ConversationEvent.SessionInfo.class, ConversationEvent.MessageStored.class,
                ConversationEvent.ReplyStarted.class, ConversationEvent.ReplyEnded.class, ConversationEvent.ToolStarted.class,
                ConversationEvent.ToolEnded.class, ConversationEvent.ReplyStarted.class, ConversationEvent.ReplyEnded.class),
                kinds);
        assertTrue(events.stream().filter(ConversationEvent.ReplyEnded.class::isInstance)
                .map(ConversationEvent.ReplyEnded.class::cast).findFirst().orElseThrow().continues());
        ConversationTotals totals = metrics.find(alice, replied.reply().conversationId()).orElseThrow();
        assertEquals(2, totals.turns());
        assertEquals(1, totals.toolCalls());
        assertEquals(20, totals.inputTokens());
    }

    @Test
    void severalCallsOfOneTurnRunAtTheSameTime() {
        agent("default", List.of("together"), 20, Duration.ofSeconds(10));
        script(new ContentBlock.ToolCall("a", "together", "{}"), new ContentBlock.ToolCall("b", "together", "{}"));

        SendOutcome.Replied replied = send("go", ClientToolListener.NONE);

        assertEquals(List.of("met the other call", "met the other call"),
                results(stored(replied).get(2)).stream().map(ContentBlock.ToolResult::content).toList());
    }

    @Test
    void aCallTheModelRepeatsRunsTwiceAndGetsTwoResults() {
        agent("default", List.of("counted"), 20, Duration.ofSeconds(5));
        ContentBlock.ToolCall call = new ContentBlock.ToolCall("t1", "counted", "{}");
        script(call, call);

        SendOutcome.Replied replied = send("go", ClientToolListener.NONE);

        assertEquals(2, results(stored(replied).get(2)).size());
        assertEquals(2, slowRuns.get());
    }

    @Test
    void aToolTheAgentDoesNotAllowIsNeverRunAndTheModelIsToldSo() {
        agent("default", List.of("current_time"), 20, Duration.ofSeconds(5));
        script(new ContentBlock.ToolCall("t1", "counted", "{}"), new ContentBlock.ToolCall("t2", "rm_rf", "{}"));

        SendOutcome.Replied replied = send("go", ClientToolListener.NONE);

        List<ContentBlock.ToolResult> results = results(stored(replied).get(2));
        assertEquals(0, slowRuns.get(), "a tool not on the allowlist is not run");
        assertTrue(results.get(0).isError());
        assertTrue(results.get(0).content().contains("agent default does not allow it"), results.get(0).content());
        assertTrue(results.get(1).isError());
        assertEquals(MessageStatus.COMPLETE, replied.reply().status(), "the model read the errors and answered");
    }

    @Test
    void brokenArgumentsThrowingHangingAndHugeToolsEachEndInAResultTheModelReads() {
        agent("default", List.of("current_time", "throws_up", "hangs", "huge"), 20, Duration.ofSeconds(1));
        script(new ContentBlock.ToolCall("t1", "current_time", "{\"timezone\":\"Eur"),
                new ContentBlock.ToolCall("t2", "throws_up", "{}"),
                new ContentBlock.ToolCall("t3", "hangs", "{}"),
                new ContentBlock.ToolCall("t4", "huge", "{}"));

        SendOutcome.Replied replied = send("go", ClientToolListener.NONE);

        List<ContentBlock.ToolResult> results = results(stored(replied).get(2));
        assertTrue(results.get(0).isError() && results.get(0).content().contains("not a JSON object"), results.get(0).content());
        assertTrue(results.get(1).isError() && results.get(1).content().contains("the disk is on fire"),
                results.get(1).content());
        assertTrue(results.get(2).isError() && results.get(2).content().contains("timed out after 1 s"),
                results.get(2).content());
        assertFalse(results.get(3).isError());
        assertTrue(results.get(3).content().length() < ToolRunner.MAX_RESULT_CHARS + 200);
        assertTrue(results.get(3).content().endsWith("only the first " + ToolRunner.MAX_RESULT_CHARS + " are kept]"));
        assertEquals(MessageStatus.COMPLETE, replied.reply().status());
    }

    @Test
    void aModelThatNeverStopsCallingIsStoppedAtTheStepLimitWithEveryCallClosed() {
        agent("default", List.of("counted"), 3, Duration.ofSeconds(5));
        provider.script((request, listener, cancellation) -> calls(new ContentBlock.ToolCall("t"
                + request.messages().size(), "counted", "{}")));

        SendOutcome.Replied replied = send("loop", ClientToolListener.NONE);

        List<Message> stored = stored(replied);
        assertEquals(3, slowRuns.get(), "three rounds ran");
        assertEquals(4, provider.requests().size(), "the fourth call was not run");
        Message last = stored.getLast();
        assertEquals(Role.TOOL, last.role());
        assertTrue(results(last).getFirst().content().contains("step limit of 3"), results(last).getFirst().content());
        assertTrue(events.stream().anyMatch(e -> e instanceof ConversationEvent.ToolStepLimitReached(var c, int limit)
                && limit == 3));
    }

    @Test
    void anAbortWhileToolsRunStopsTheLoopAndClosesTheCalls() throws Exception {
        agent("default", List.of("hangs"), 20, Duration.ofSeconds(30));
        script(new ContentBlock.ToolCall("t1", "hangs", "{}"));
        ChatService chat = chat();
        CompletableFuture<SendOutcome> outcome = CompletableFuture.supplyAsync(() -> chat.send(
                new SendMessageCommand(alice, Optional.empty(), "go", "r1"), events::add));
        ConversationId id = awaitToolStart();
        assertTrue(chat.abort(alice, id).isEmpty());

        SendOutcome.Replied replied = assertInstanceOf(SendOutcome.Replied.class, outcome.get(10, TimeUnit.SECONDS));
        List<ContentBlock.ToolResult> results = results(stored(replied).getLast());
        assertTrue(results.getFirst().isError() && results.getFirst().content().contains("aborted"),
                results.getFirst().content());
        assertEquals(1, provider.requests().size(), "the model was not asked again");
    }

    private ConversationId awaitToolStart() throws InterruptedException {
        for (int i = 0; i < 500; i++) {
            Optional<ConversationEvent.ToolStarted> started = events.stream()
                    .filter(ConversationEvent.ToolStarted.class::isInstance).map(ConversationEvent.ToolStarted.class::cast)
                    .findFirst();
            if (started.isPresent()) {
                return started.get().conversationId();
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no tool started");
    }

    @Test
    void aClientToolRunsOnTheClientThatOffersItAndOnlyThere() {
        agent("default", List.of("read_file"), 20, Duration.ofSeconds(5));
        script(new ContentBlock.ToolCall("t1", "read_file", "{\"path\":\"README.md\"}"));
        List<String> asked = new CopyOnWriteArrayList<>();
        ClientToolListener client = new ClientToolListener() {
            @Override
            public List<ToolSpec> offered() {
                return List.of(new ToolSpec("read_file", "reads a file", "{\"type\":\"object\"}"));
            }

            @Override
            public CompletableFuture<ToolOutput> call(ConversationId conversation, String callId, String name,
                    String arguments) {
                asked.add(name + " " + arguments);
                return CompletableFuture.completedFuture(ToolOutput.ok("# Mosaic"));
            }

            @Override
            public void forget(String callId) {}
        };

        SendOutcome.Replied replied = send("read the readme", client);

        assertEquals(List.of("read_file {\"path\":\"README.md\"}"), asked);
        assertEquals(List.of("read_file"), provider.requests().getFirst().tools().stream().map(ToolSpec::name).toList());
        assertEquals("# Mosaic", results(stored(replied).get(2)).getFirst().content());
        assertTrue(events.stream().anyMatch(e -> e instanceof ConversationEvent.ToolStarted s && s.onClient()));
    }

    @Test
    void aClientToolThatNoClientOffersOrThatIsNeverAnsweredEndsInAnErrorResult() {
        agent("default", List.of("read_file"), 20, Duration.ofSeconds(1));
        script(new ContentBlock.ToolCall("t1", "read_file", "{}"));
        SendOutcome.Replied offeredByNoOne = send("read", ClientToolListener.NONE);
        ContentBlock.ToolResult none = results(stored(offeredByNoOne).get(2)).getFirst();
        assertTrue(none.isError() && none.content().contains("no connected client offers it"), none.content());
        assertTrue(provider.requests().getFirst().tools().isEmpty(), "a tool nobody offers is not offered to the model");

        List<String> forgotten = new CopyOnWriteArrayList<>();
        ClientToolListener silent = new ClientToolListener() {
            @Override
            public List<ToolSpec> offered() {
                return List.of(new ToolSpec("read_file", "reads a file", "{\"type\":\"object\"}"));
            }

            @Override
            public CompletableFuture<ToolOutput> call(ConversationId c, String callId, String name, String arguments) {
                return new CompletableFuture<>();
            }

            @Override
            public void forget(String callId) {
                forgotten.add(callId);
            }
        };
        SendOutcome.Replied unanswered = send("read", silent);
        ContentBlock.ToolResult timedOut = results(stored(unanswered).get(2)).getFirst();
        assertTrue(timedOut.isError() && timedOut.content().contains("timed out"), timedOut.content());
        assertEquals(List.of("t1"), forgotten, "a late answer will not be taken");
    }

    @Test
    void aReplyCutShortWithCallsInItStoresThemClosedAndRunsNothing() {
        agent("default", List.of("counted"), 20, Duration.ofSeconds(5));
        provider.script((request, listener, cancellation) -> {
            listener.onEvent(new ChatStreamEvent.ToolCallStarted(0, "t1", "counted"));
            listener.onEvent(new ChatStreamEvent.ToolCallDelta(0, "{\"a\":"));
            return ProviderReply.failed(List.of(new ContentBlock.ToolCall("t1", "counted", "{\"a\":")), Usage.NONE,
                    "fake-1", ProviderError.of(ProviderError.Kind.UNKNOWN, "the connection broke"));
        });

        SendOutcome.Replied replied = send("go", ClientToolListener.NONE);

        assertEquals(MessageStatus.PARTIAL, replied.reply().status());
        assertEquals(0, slowRuns.get());
        ContentBlock.ToolResult closed = results(stored(replied).getLast()).getFirst();
        assertTrue(closed.isError() && closed.content().contains("ended early"), closed.content());
    }

    @Test
    void withNoAgentAtAllNoToolIsOfferedAndAnyCallIsRefused() {
        script(new ContentBlock.ToolCall("t1", "current_time", "{}"));

        SendOutcome.Replied replied = send("what time is it?", ClientToolListener.NONE);

        assertEquals("Gateway prompt.", provider.requests().getFirst().systemPrompt());
        assertTrue(provider.requests().getFirst().tools().isEmpty());
        assertTrue(results(stored(replied).get(2)).getFirst().isError());
    }

    private static final ToolSpec WEATHER = new ToolSpec("get_weather", "the weather in a city",
            "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}");

    /** A request of an HTTP client that declares its own weather tool. */
    private SendOutcome declaring(String text, Optional<ConversationId> conversation) {
        return chat().send(new SendMessageCommand(alice, conversation, text, null).declaring(List.of(WEATHER)),
                events::add);
    }

    private SendOutcome bringing(ConversationId conversation, ContentBlock.ToolResult... results) {
        return chat().send(SendMessageCommand.results(alice, Optional.of(conversation), List.of(results), null)
                .declaring(List.of(WEATHER)), events::add);
    }

    @Test
    void aCallOfAToolTheClientDeclaredEndsTheExchangeWithTheReplyAwaitingItsResult() {
        script(new ContentBlock.ToolCall("w1", "get_weather", "{\"city\":\"Paris\"}"));

        SendOutcome.Replied replied = assertInstanceOf(SendOutcome.Replied.class, declaring("weather in Paris?",
                Optional.empty()));

        assertEquals(List.of("get_weather"), provider.requests().getFirst().tools().stream().map(ToolSpec::name).toList(),
                "a declared tool is offered without any agent");
        List<Message> stored = stored(replied);
        assertEquals(List.of(Role.USER, Role.ASSISTANT), stored.stream().map(Message::role).toList(),
                "nothing answers the call yet");
        assertEquals(MessageStatus.COMPLETE, replied.reply().status());
        assertEquals(List.of("w1"), replied.reply().content().stream().map(b -> ((ContentBlock.ToolCall) b).id()).toList());
        ConversationEvent.ToolStarted awaited = events.stream().filter(ConversationEvent.ToolStarted.class::isInstance)
                .map(ConversationEvent.ToolStarted.class::cast).findFirst().orElseThrow();
        assertTrue(awaited.onClient());
        assertEquals("w1", awaited.callId());
        assertFalse(events.getLast() instanceof ConversationEvent.ToolEnded);
        assertEquals(1, provider.requests().size());
    }

    @Test
    void theClientsResultsAreStoredAsTheToolMessageAndTheModelGoesOnFromThem() {
        script(new ContentBlock.ToolCall("w1", "get_weather", "{\"city\":\"Paris\"}"));
        ConversationId id = ((SendOutcome.Replied) declaring("weather in Paris?", Optional.empty())).reply()
                .conversationId();

        SendOutcome.Replied replied = assertInstanceOf(SendOutcome.Replied.class,
                bringing(id, new ContentBlock.ToolResult("w1", "sunny, 21 C", false)));

        assertEquals("results: [sunny, 21 C]", replied.reply().text());
        List<Message> stored = stored(replied);
        assertEquals(List.of(Role.USER, Role.ASSISTANT, Role.TOOL, Role.ASSISTANT),
                stored.stream().map(Message::role).toList());
        assertEquals(stored.get(2), replied.userMessage(), "the results are the message of this exchange");
        assertEquals(List.of(Role.USER, Role.ASSISTANT, Role.TOOL),
                provider.requests().getLast().messages().stream().map(Message::role).toList());
    }

    @Test
    void resultsThatDoNotAnswerTheAwaitedCallsAreRefusedAndNothingIsStored() {
        script(new ContentBlock.ToolCall("w1", "get_weather", "{\"city\":\"Paris\"}"),
                new ContentBlock.ToolCall("w2", "get_weather", "{\"city\":\"Rome\"}"));
        ConversationId id = ((SendOutcome.Replied) declaring("weather?", Optional.empty())).reply().conversationId();
        List<Message> before = store.messages(alice, id);

        for (SendOutcome refused : List.of(bringing(id, new ContentBlock.ToolResult("w9", "?", false)),
                bringing(id, new ContentBlock.ToolResult("w1", "sunny", false)),
                bringing(id, new ContentBlock.ToolResult("w2", "rain", false), new ContentBlock.ToolResult("w1", "sunny",
                        false)))) {
            SendOutcome.Rejected rejected = assertInstanceOf(SendOutcome.Rejected.class, refused);
            assertEquals(dev.mosaic.application.ErrorCode.INVALID_INPUT, rejected.rejection().code());
            assertTrue(rejected.rejection().message().contains("w1, w2"), rejected.rejection().message());
        }
        assertEquals(before, store.messages(alice, id));
        assertEquals(1, provider.requests().size());

        SendOutcome.Rejected nothingAwaits = assertInstanceOf(SendOutcome.Rejected.class,
                bringing(((SendOutcome.Replied) chat().send(new SendMessageCommand(alice, Optional.empty(), "hello",
                        null), events::add)).reply().conversationId(),
                        new ContentBlock.ToolResult("w1", "sunny", false)));
        assertTrue(nothingAwaits.rejection().message().contains("no reply of this conversation awaits"),
                nothingAwaits.rejection().message());
    }

    @Test
    void theGatewayRunsItsOwnCallsOfAReplyThatAlsoAwaitsTheClientOnceItsResultsCome() {
        agent("default", List.of("current_time"), 20, Duration.ofSeconds(5));
        script(new ContentBlock.ToolCall("t1", "current_time", "{}"),
                new ContentBlock.ToolCall("w1", "get_weather", "{\"city\":\"Paris\"}"));
        ConversationId id = ((SendOutcome.Replied) declaring("time and weather?", Optional.empty())).reply()
                .conversationId();
        assertEquals(List.of("w1"), events.stream().filter(ConversationEvent.ToolStarted.class::isInstance)
                .map(e -> ((ConversationEvent.ToolStarted) e).callId()).toList(), "the client is asked for its call only");

        SendOutcome.Replied replied = assertInstanceOf(SendOutcome.Replied.class,
                bringing(id, new ContentBlock.ToolResult("w1", "sunny", false)));

        List<ContentBlock.ToolResult> results = results(stored(replied).get(2));
        assertEquals(List.of("t1", "w1"), results.stream().map(ContentBlock.ToolResult::toolCallId).toList());
        assertTrue(results.getFirst().content().startsWith("2026-12-03T12:00"), results.getFirst().content());
        assertEquals("sunny", results.get(1).content());
    }

    @Test
    void aClientMayNotDeclareAToolUnderTheNameOfOneTheGatewayRuns() {
        SendOutcome outcome = chat().send(new SendMessageCommand(alice, Optional.empty(), "hi", null)
                .declaring(List.of(new ToolSpec("current_time", "mine", "{}"))), events::add);

        SendOutcome.Rejected rejected = assertInstanceOf(SendOutcome.Rejected.class, outcome);
        assertEquals("tools", rejected.rejection().field());
        assertTrue(provider.requests().isEmpty());
    }

    @Test
    void aMessageInsteadOfTheAwaitedResultsClosesTheCallsSoTheHistoryStaysValid() {
        script(new ContentBlock.ToolCall("w1", "get_weather", "{\"city\":\"Paris\"}"));
        ConversationId id = ((SendOutcome.Replied) declaring("weather?", Optional.empty())).reply().conversationId();

        SendOutcome.Replied replied = assertInstanceOf(SendOutcome.Replied.class, declaring("never mind",
                Optional.of(id)));

        List<Message> stored = stored(replied);
        assertEquals(List.of(Role.USER, Role.ASSISTANT, Role.TOOL, Role.USER, Role.ASSISTANT),
                stored.stream().map(Message::role).toList());
        assertTrue(results(stored.get(2)).getFirst().isError());
        assertEquals(List.of(Role.USER, Role.ASSISTANT, Role.TOOL, Role.USER), provider.requests().getLast().messages()
                .stream().map(Message::role).toList());
    }
}
