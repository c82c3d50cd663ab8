package dev.mosaic.application.service;

import dev.mosaic.application.ErrorCode;
import dev.mosaic.application.PageRequest;
import dev.mosaic.application.Rejection;
import dev.mosaic.application.event.ConversationEvent.DeltaKind;
import dev.mosaic.application.event.ConversationEvent;
import dev.mosaic.application.port.in.AbortReplyUseCase;
import dev.mosaic.application.port.in.ClientToolListener;
import dev.mosaic.application.port.in.ConversationEventListener;
import dev.mosaic.application.port.in.ConversationPage;
import dev.mosaic.application.port.in.ConversationView;
import dev.mosaic.application.port.in.GetConversationQuery;
import dev.mosaic.application.port.in.SendMessageCommand;
import dev.mosaic.application.port.in.SendMessageUseCase;
import dev.mosaic.application.port.in.SendOutcome;
import dev.mosaic.application.port.out.AbortSignals;
import dev.mosaic.application.port.out.ConversationMetrics;
import dev.mosaic.application.port.out.ConversationFeed;
import dev.mosaic.application.port.out.Conversations;
import dev.mosaic.application.port.out.ProviderCircuits;
import dev.mosaic.application.port.out.ReplyLeases;
import dev.mosaic.application.port.out.provider.Cancellation;
import dev.mosaic.application.port.out.provider.ChatProvider;
import dev.mosaic.application.port.out.provider.ChatRequest;
import dev.mosaic.application.port.out.provider.ChatStreamEvent;
import dev.mosaic.application.port.out.provider.ChatStreamListener;
import dev.mosaic.application.port.out.provider.ProviderError;
import dev.mosaic.application.port.out.provider.ProviderReply;
import dev.mosaic.application.tool.ToolRunner;
import dev.mosaic.application.tool.ToolSpec;
import dev.mosaic.domain.agent.AgentConfig;
import dev.mosaic.domain.agent.AgentDraft;
import dev.mosaic.domain.agent.AgentRef;
import dev.mosaic.domain.conversation.ContentBlock;
import dev.mosaic.domain.conversation.ContextCheckpoint;
import dev.mosaic.domain.conversation.Conversation;
import dev.mosaic.domain.conversation.ConversationId;
import dev.mosaic.domain.conversation.Generation;
import dev.mosaic.domain.conversation.Message;
import dev.mosaic.domain.conversation.MessageError;
import dev.mosaic.domain.conversation.MessageId;
import dev.mosaic.domain.conversation.MessageStatus;
import dev.mosaic.domain.conversation.Reply;
import dev.mosaic.domain.conversation.Role;
import dev.mosaic.domain.conversation.Usage;
import dev.mosaic.domain.routing.RouteTarget;
import dev.mosaic.domain.user.UserId;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Chat: sending a message and streaming the reply, aborting it, and reading a conversation back. */
public final class ChatService implements SendMessageUseCase, AbortReplyUseCase, GetConversationQuery {

    private static final Logger LOG = Logger.getLogger(ChatService.class.getName());

    /**
     * Failures that say something about a user's own key, not about the provider: they must not
     * make the provider look unhealthy to everyone else.
     */
    private static final Set<ProviderError.Kind> KEY_SPECIFIC = EnumSet.of(ProviderError.Kind.AUTHENTICATION,
            ProviderError.Kind.RATE_LIMITED);

    private record ReplyKey(UserId owner, ConversationId conversation) {}

    private final Conversations conversations;
    private final ReplyLeases leases;
    private final AbortSignals abortSignals;
    private final RoutingService router;
    private final ContextManager context;
    private final RetryPolicy retry;
    private final ProviderCircuits circuits;
    private final ModelCatalogService catalog;
    private final Clock clock;
    private final ToolRunner tools;
    private final ConversationMetrics metrics;
    private final BiFunction<UserId, String, MemoryContext.Recalled> memory;
    private final Map<ReplyKey, Cancellation> running = new ConcurrentHashMap<>();
    private final ConversationFeed feed;
    /** The exchanges this instance is writing, for the catch-ups of clients that start watching one. */
    private final Map<ReplyKey, Exchange> exchanges = new ConcurrentHashMap<>();

    /**
     * @param abortSignals how an abort reaches a reply written by another instance; subscribe {@link #abortSignalled} to it
     * @param feed where the conversation's watchers hear of the exchange; subscribe {@link #catchUpRequested} to its catch-ups
     */
    public ChatService(Conversations conversations, ReplyLeases leases, AbortSignals abortSignals, RoutingService router,
            ContextManager context, RetryPolicy retry, ProviderCircuits circuits, ModelCatalogService catalog, Clock clock,
            ToolRunner tools, ConversationMetrics metrics, BiFunction<UserId, String, MemoryContext.Recalled> memory,
            ConversationFeed feed) {
        this.conversations = Objects.requireNonNull(conversations);
        this.leases = Objects.requireNonNull(leases);
        this.abortSignals = Objects.requireNonNull(abortSignals);
        this.router = Objects.requireNonNull(router);
        this.context = Objects.requireNonNull(context);
        this.retry = Objects.requireNonNull(retry);
        this.circuits = Objects.requireNonNull(circuits);
        this.catalog = Objects.requireNonNull(catalog);
        this.clock = Objects.requireNonNull(clock);
        this.tools = Objects.requireNonNull(tools);
        this.metrics = Objects.requireNonNull(metrics);
        this.memory = Objects.requireNonNull(memory);
        this.feed = Objects.requireNonNull(feed);
    }

    @Override
    public SendOutcome send(SendMessageCommand command, ConversationEventListener client) {
        UserId actor = command.actor();
        // Looked for while the conversation is locked, read and routed; the model needs it only then.
        CompletableFuture<MemoryContext.Recalled> recalled = CompletableFuture.supplyAsync(
                () -> memory.apply(actor, command.text()), task -> Thread.ofVirtual().name("memory-recall").start(task));
        try {
            return send(command, client, recalled);
        } finally {
            recalled.cancel(false);
        }
    }

    private SendOutcome send(SendMessageCommand command, ConversationEventListener client,
            CompletableFuture<MemoryContext.Recalled> recalled) {
        UserId actor = command.actor();
        Optional<String> taken = command.declaredTools().stream().map(ToolSpec::name).filter(tools::handles).findFirst();
        if (taken.isPresent()) {
            // Whoever answers a call is told by its name alone: the gateway's tools keep theirs.
            return new SendOutcome.Rejected(Rejection.invalid("tools", taken.get()
                    + " is the name of a tool the gateway runs itself; give yours another name"));
        }
        if (command.conversationId().isEmpty()) {
            long tokens = CalibratedTokenCounter.estimate(command.text());
            // Stored with the message that starts it; nobody else knows it yet, so its lease is free.
            Conversation conversation = Conversation.start(actor, command.text(), clock.instant());
            RoutingService.Route route;
            try {
                route = router.decideAndConnect(actor, command.model() == null ? null : conversation.pin(command.model()),
                        command.text(), tokens);
            } catch (RoutingService.NoModelException | CredentialService.UnusableCredentialException e) {
                return rejectedBeforeStoring(e);
            }
            Optional<ReplyLeases.Lease> lease = leases.acquire(actor, conversation.id());
            if (lease.isEmpty()) {
                return replyInProgress();
            }
            return withLease(actor, conversation, Optional.empty(), command, client, route, recalled, lease.get());
        }
        ConversationId id = command.conversationId().get();
        // A message nothing can answer (say, to a conversation pinned to a provider whose circuit is open) is
        // refused before the lease is taken and the history read: faulty traffic must cost healthy traffic little.
        Optional<Conversation> known = conversations.find(actor, id);
        if (known.isEmpty()) {
            return new SendOutcome.Rejected(Rejection.notFound("conversation"));
        }
        try {
            router.checkAnswerable(actor, command.model() == null ? known.get() : known.get().pin(command.model()),
                    command.text());
        } catch (RoutingService.NoModelException e) {
            return rejectedBeforeStoring(e);
        }
        // Then read once, under the lease: the conversation, its messages and its newest checkpoint, in one
        // transaction. Nobody writes a reply of it meanwhile, so what another instance wrote before is all there,
        // and all settled.
        Optional<ReplyLeases.Lease> lease = leases.acquire(actor, id);
        if (lease.isEmpty()) {
            return refusedWhileReplying(actor, id, command);
        }
        Optional<Conversations.History> found;
        Conversation conversation;
        try {
            found = conversations.history(actor, id);
            if (found.isEmpty()) {
                lease.get().close();
                return new SendOutcome.Rejected(Rejection.notFound("conversation"));
            }
            // A message's own model holds for it alone: the conversation keeps its pin, stored as it was.
            Conversation stored = found.get().conversation();
            conversation = command.model() == null ? stored : stored.pin(command.model());
            // A message nothing can answer is refused before anything is written.
            router.checkAnswerable(actor, conversation, command.text());
        } catch (RoutingService.NoModelException e) {
            lease.get().close();
            return rejectedBeforeStoring(e);
        } catch (RuntimeException e) {
            lease.get().close();
            throw e;
        }
        return withLease(actor, conversation, found, command, client, null, recalled, lease.get());
    }

    /**
     * Another reply holds the conversation: the message is refused, and told why as it would be with the
     * conversation free, a message no model can answer (or to no conversation of the actor's) so rather than to wait.
     */
    private SendOutcome refusedWhileReplying(UserId actor, ConversationId id, SendMessageCommand command) {
        Optional<Conversation> found = conversations.find(actor, id);
        if (found.isEmpty()) {
            return new SendOutcome.Rejected(Rejection.notFound("conversation"));
        }
        try {
            router.checkAnswerable(actor, command.model() == null ? found.get() : found.get().pin(command.model()),
                    command.text());
        } catch (RoutingService.NoModelException e) {
            return rejectedBeforeStoring(e);
        }
        return replyInProgress();
    }

    private static SendOutcome replyInProgress() {
        return new SendOutcome.Rejected(new Rejection(ErrorCode.REPLY_IN_PROGRESS,
                "a reply is still being written in this conversation; wait for it or abort it"));
    }

    /**
     * Holds the conversation's lease while the reply is written, and sends the end only once the
     * lease is released, so the client may send its next message as soon as it hears the end.
     *
     * @param stored the conversation as read under the lease; empty when the message starts it, and it is
     *     then stored with the message
     * @param route the route when already chosen, else null
     * @param lease the conversation's lease, just acquired; released here
     */
    private SendOutcome withLease(UserId actor, Conversation conversation, Optional<Conversations.History> stored,
            SendMessageCommand command, ConversationEventListener listener, RoutingService.Route route,
            CompletableFuture<MemoryContext.Recalled> recalled, ReplyLeases.Lease lease) {
        boolean started = stored.isEmpty();
        ReplyKey key = new ReplyKey(actor, conversation.id());
        Exchange exchange = new Exchange(feed, actor, conversation.id(), command.origin());
        exchanges.put(key, exchange);
        try {
            // Asked once per exchange, after registering it: a watcher who comes later asks for a catch-up, which turns it on.
            if (!started && watchedByOthers(actor, conversation.id(), command.origin())) {
                exchange.watched = true;
            }
            return whileLeased(actor, conversation, stored, command, new SafeListener(listener, exchange), route,
                    recalled, lease);
        } finally {
            exchanges.remove(key, exchange);
        }
    }

    private SendOutcome whileLeased(UserId actor, Conversation conversation, Optional<Conversations.History> stored,
            SendMessageCommand command, SafeListener client, RoutingService.Route route,
            CompletableFuture<MemoryContext.Recalled> recalled, ReplyLeases.Lease lease) {
        boolean started = stored.isEmpty();
        SendOutcome outcome;
        try (ReplyLeases.Lease held = lease) {
            // Holding the lease, any reply still marked streaming is one a stopped gateway left behind.
            List<Message> known = new ArrayList<>(stored.map(h -> settleInterrupted(actor, h.messages()))
                    .orElse(List.of()));
            Optional<Reply> unanswered = Reply.unanswered(known);
            if (command.bringsResults()) {
                Optional<Rejection> refused = refusedResults(unanswered, command.results());
                if (refused.isPresent()) {
                    return new SendOutcome.Rejected(refused.get());
                }
            }
            RoutingService.Route chosen = route;
            if (chosen == null) {
                try {
                    chosen = router.decideAndConnect(actor, conversation, command.text(),
                            tokensOf(known) + CalibratedTokenCounter.estimate(command.text()));
                } catch (RoutingService.NoModelException | CredentialService.UnusableCredentialException e) {
                    return rejectedBeforeStoring(e);
                }
            }
            if (unanswered.isPresent() && !command.bringsResults()) {
                // The client went on without the results: its calls are closed, so that every provider takes the history.
                Message closed = unanswered.get().closedUnrun("not run: the conversation went on without this result",
                        clock.instant());
                conversations.append(actor, closed);
                known.add(closed);
            }
            // A new conversation has no checkpoint; a stored one's newest was read with its history.
            outcome = converse(actor, conversation, started, command, known, chosen, client,
                    recallOrNothing(recalled), unanswered, stored.flatMap(Conversations.History::latestCheckpoint));
        }
        if (outcome instanceof SendOutcome.Replied replied) {
            client.on(new ConversationEvent.ReplyEnded(conversation.id(), replied.reply(), false));
        }
        return outcome;
    }

    /**
     * Why a client's results cannot be stored, if they cannot: they answer the calls of the
     * conversation's last reply that the gateway does not run, one result per call, in order.
     */
    private Optional<Rejection> refusedResults(Optional<Reply> unanswered, List<ContentBlock.ToolResult> results) {
        List<ContentBlock.ToolCall> awaited = unanswered.map(r -> r.clientCalls(tools::handles)).orElse(List.of());
        if (awaited.isEmpty()) {
            return Optional.of(Rejection.invalid("messages", "no reply of this conversation awaits tool results;"
                    + " send the results with the history the previous answer left"));
        }
        return Reply.mismatch(awaited, results).map(why -> Rejection.invalid("messages",
                "the tool results do not answer the calls the conversation awaits (" + awaited.stream()
                        .map(ContentBlock.ToolCall::id).collect(Collectors.joining(", ")) + "): " + why));
    }

    /** Nothing was stored: the user fixes the credential (or adds one) and sends again. */
    private static SendOutcome rejectedBeforeStoring(RuntimeException e) {
        ErrorCode code = e instanceof CredentialService.UnusableCredentialException ? ErrorCode.PROVIDER_AUTHENTICATION
                : ErrorCode.PROVIDER_UNAVAILABLE;
        return new SendOutcome.Rejected(new Rejection(code, e.getMessage()));
    }

    private static long tokensOf(List<Message> messages) {
        long tokens = 0;
        for (Message m : messages) {
            tokens += CalibratedTokenCounter.estimate(m.text());
        }
        return tokens;
    }

    /**
     * Calls the provider as soon as the route and the context are known, while the question and the
     * start of the reply are stored in one transaction; nothing of the answer reaches the client
     * before that transaction has committed (see {@link ReplyGate}). Then, while the model asks for
     * tools, runs them and lets it go on. The question is the user's message, or the tool message
     * that answers the reply awaiting the client's results.
     */
    private SendOutcome converse(UserId actor, Conversation conversation, boolean started, SendMessageCommand command,
            List<Message> history, RoutingService.Route routed, SafeListener client, MemoryContext.Recalled recalled,
            Optional<Reply> unanswered, Optional<ContextCheckpoint> checkpoint) {
        RoutingService.Route route = withMemory(routed, recalled.systemBlock());
        ChatSettings chosen = route.settings();
        ConversationId id = conversation.id();
        // Registered before the client hears of the reply, so an abort can never arrive too early.
        Cancellation cancellation = new Cancellation();
        ReplyKey key = new ReplyKey(actor, id);
        running.put(key, cancellation);
        try {
            Message asked = command.bringsResults()
                    ? answered(actor, unanswered.orElseThrow(), command.results(), route, cancellation, client)
                    : Message.fromUser(conversation, command.text(), clock.instant());
            history.add(asked);
            // Checked before every request, so a switch to a model with a smaller window is caught too.
            ContextManager.Prepared prepared = context.prepare(actor, conversation, history, chosen, route.provider(),
                    checkpoint);
            Reply reply = Reply.start(conversation, chosen.provider(), chosen.model(), refOf(route.agent()),
                    clock.instant());
            Runnable store = () -> conversations.appendExchange(actor,
                    started ? Optional.of(conversation) : Optional.empty(), asked, reply.message(), route.decision());
            Runnable announce = () -> {
                client.on(sessionInfo(id, route));
                client.on(new ConversationEvent.MessageStored(id, asked, command.requestId()));
                if (!recalled.isEmpty()) {
                    client.on(memoryRecalled(id, recalled));
                }
                prepared.compacted().ifPresent(client::on);
                client.on(new ConversationEvent.ReplyStarted(id, reply.id(), chosen.provider(), chosen.model()));
            };
            // The turns of the exchange not counted yet: the last one's final update counts them all.
            List<ConversationMetrics.Turn> uncounted = new ArrayList<>();
            Optional<Turn> first = stream(actor, reply, prepared, route, cancellation, client, store, announce,
                    command.clientTools(), command.declaredTools(), recalled.systemBlock(), uncounted);
            if (first.isEmpty()) {
                return new SendOutcome.Rejected(new Rejection(ErrorCode.INTERNAL,
                        "your message could not be stored, so it was not answered; send it again"));
            }
            return new SendOutcome.Replied(asked,
                    toolLoop(actor, conversation, history, first.get(), cancellation, command, client,
                            recalled.systemBlock(), uncounted));
        } finally {
            running.remove(key, cancellation);
        }
    }

    /**
     * The tool message that answers a reply awaiting the client: the client's results for its calls,
     * and for the reply's other calls, those of the gateway's tools, the results of running them now.
     */
    private Message answered(UserId actor, Reply awaiting, List<ContentBlock.ToolResult> fromClient,
            RoutingService.Route route, Cancellation cancellation, SafeListener client) {
        List<ContentBlock.ToolCall> gatewayCalls = awaiting.toolCalls().stream().filter(c -> tools.handles(c.name()))
                .toList();
        Iterator<ContentBlock.ToolResult> ran = (gatewayCalls.isEmpty() ? List.<ContentBlock.ToolResult>of()
                : tools.run(new ToolRunner.Turn(actor, awaiting.message().conversationId(), awaiting.id(), route.agent(),
                        ClientToolListener.NONE, cancellation), gatewayCalls, client)).iterator();
        Iterator<ContentBlock.ToolResult> theirs = fromClient.iterator();
        List<ContentBlock.ToolResult> results = awaiting.toolCalls().stream()
                .map(call -> tools.handles(call.name()) ? ran.next() : theirs.next()).toList();
        return awaiting.answeredBy(results, clock.instant());
    }

    /** A model's turn as it ended, and the route that wrote its end (another one after a failover). */
    private record Turn(Reply reply, RoutingService.Route route, Duration took) {}

    /**
     * While the model ends its turn asking for tools: runs them, stores their results, and lets the
     * same model go on, up to the agent's step limit. Calls that are not run (the reply was cut
     * short or aborted, or the limit was reached) are closed with an error result that says why,
     * so the stored conversation stays one any provider accepts.
     *
     * @param counts the turns not counted yet, in order; counted with the final update of a turn that asks for
     *     no tools, else once the loop is over, so that no step waits for them
     * @return the last reply, which ends the exchange
     */
    private Message toolLoop(UserId actor, Conversation conversation, List<Message> history, Turn first,
            Cancellation cancellation, SendMessageCommand command, SafeListener client, String memoryBlock,
            List<ConversationMetrics.Turn> counts) {
        try {
            return loop(actor, conversation, history, first, cancellation, command.clientTools(),
                    command.declaredTools(), client, counts, memoryBlock);
        } finally {
            counts.forEach(turn -> recordTurn(actor, conversation.id(), turn));
        }
    }

    private Message loop(UserId actor, Conversation conversation, List<Message> history, Turn first,
            Cancellation cancellation, ClientToolListener clientTools, List<ToolSpec> declared, SafeListener client,
            List<ConversationMetrics.Turn> counts, String memoryBlock) {
        ConversationId id = conversation.id();
        Turn turn = first;
        for (int steps = 0; ; steps++) {
            Reply ended = turn.reply();
            AgentConfig agent = turn.route().agent();
            int limit = agent == null ? AgentDraft.DEFAULT_STEP_LIMIT : agent.stepLimit();
            if (ended.toolCalls().isEmpty()) {
                // Counted by its final update (see stream), with the turns before it.
                return ended.message();
            }
            String unrun = cancellation.isCancelled() ? "not run: the reply was aborted"
                    : !ended.asksForTools() ? "not run: the reply ended early (" + ended.state().name().toLowerCase(
                            java.util.Locale.ROOT) + ")"
                    : steps >= limit ? "not run: the step limit of " + limit + " tool rounds was reached" : null;
            if (unrun != null) {
                conversations.append(actor, ended.closedUnrun(unrun, clock.instant()));
                counts.add(countOf(turn, Duration.ZERO, 0));
                if (steps >= limit && ended.asksForTools() && !cancellation.isCancelled()) {
                    client.on(new ConversationEvent.ToolStepLimitReached(id, limit));
                }
                return ended.message();
            }
            List<ContentBlock.ToolCall> theirs = declared.isEmpty() ? List.of() : ended.clientCalls(tools::handles);
            if (!theirs.isEmpty()) {
                // The client runs them between requests: the exchange ends here, the reply awaiting its results.
                theirs.forEach(call -> client.on(new ConversationEvent.ToolStarted(id, ended.id(), call.id(), call.name(),
                        call.argumentsJson(), true)));
                counts.add(countOf(turn, Duration.ZERO, 0));
                return ended.message();
            }
            client.on(new ConversationEvent.ReplyEnded(id, ended.message(), true));
            long toolsStarted = System.nanoTime();
            List<ContentBlock.ToolResult> results = tools.run(new ToolRunner.Turn(actor, id, ended.id(), agent, clientTools,
                    cancellation), ended.toolCalls(), client);
            Message answered = ended.answeredBy(results, clock.instant());
            conversations.append(actor, answered);
            Duration toolsTook = Duration.ofNanos(System.nanoTime() - toolsStarted);
            counts.add(countOf(turn, toolsTook, results.size()));
            history.add(ended.message());
            history.add(answered);
            if (cancellation.isCancelled()) {
                return ended.message();
            }
            RoutingService.Route route = turn.route();
            ChatSettings chosen = route.settings();
            ContextManager.Prepared prepared = context.prepare(actor, conversation, history, chosen, route.provider());
            Reply next = Reply.start(conversation, chosen.provider(), chosen.model(), refOf(agent), clock.instant());
            Optional<Turn> following = stream(actor, next, prepared, route, cancellation, client,
                    () -> conversations.append(actor, next.message()),
                    () -> {
                        prepared.compacted().ifPresent(client::on);
                        client.on(new ConversationEvent.ReplyStarted(id, next.id(), chosen.provider(), chosen.model()));
                    }, clientTools, declared, memoryBlock, counts);
            if (following.isEmpty()) {
                // The results are stored; the next send goes on from them.
                return ended.message();
            }
            turn = following.get();
        }
    }

    /** What the metrics count of a turn, with the tools it ran. */
    private static ConversationMetrics.Turn countOf(Turn turn, Duration tools, int toolCalls) {
        Generation g = turn.reply().message().generation();
        return new ConversationMetrics.Turn(new RouteTarget(g.provider(), turn.route().settings().model()),
                turn.route().agent() == null ? null : turn.route().agent().id(), g.usage(), g.costUsd(),
                turn.took().plus(tools), toolCalls);
    }

    /** Counts a turn in the conversation's metrics; a failure to count never fails the reply. */
    private void recordTurn(UserId actor, ConversationId id, ConversationMetrics.Turn turn) {
        try {
            metrics.recordTurn(actor, id, turn.model(), turn.agent(), turn.usage(), turn.cost(), turn.active(),
                    turn.toolCalls());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not count a turn in the conversation's metrics", e);
        }
    }

    private static RoutingService.Route withMemory(RoutingService.Route route, String block) {
        return block.isEmpty() ? route : route.withSettings(route.settings().withPromptAfter(block));
    }

    /** Memory never stops an answer: when it cannot be had, the answer goes on without it. */
    private static MemoryContext.Recalled recallOrNothing(CompletableFuture<MemoryContext.Recalled> recalled) {
        try {
            return recalled.join();
        } catch (CompletionException | CancellationException e) {
            LOG.log(Level.WARNING, "the user's memory could not be read; answering without it", e);
            return new MemoryContext.Recalled(List.of(), List.of(), Optional.of("memory could not be read"));
        }
    }

    private static ConversationEvent.MemoryRecalled memoryRecalled(ConversationId id, MemoryContext.Recalled recalled) {
        return new ConversationEvent.MemoryRecalled(id, recalled.preferences().stream().map(p -> p.key()).toList(),
                recalled.insights().stream().map(h -> new ConversationEvent.RecalledInsight(h.insight().id().toString(),
                        h.insight().text(), h.similarity())).toList(), recalled.unavailable().orElse(null));
    }

    private static AgentRef refOf(AgentConfig agent) {
        return agent == null ? null : agent.ref();
    }

    private static ConversationEvent.SessionInfo sessionInfo(ConversationId id, RoutingService.Route route) {
        ChatSettings s = route.settings();
        return new ConversationEvent.SessionInfo(id, s.provider(), s.model(), s.reason(), s.simulated(), s.contextWindow(),
                route.decision(), refOf(route.agent()));
    }

    /**
     * Streams the reply from the route's model. Before anything reached the user, a failure moves
     * on to the next model of the chain; after, the next model goes on from where the answer stopped
     * (unless mid-answer failover is off), and the message keeps both parts.
     *
     * @param store stores the question and the start of the reply, while the provider is called
     * @param announce tells the client of the stored question and of the reply, once {@code store} committed
     * @param clientTools the tools the client offers, of which the agent's are offered to the model
     * @param declared the tools the client declared with its request, all offered to the model
     * @param memoryBlock what the prompt says of the user's memory, for a model that takes over
     * @param uncounted the exchange's turns not counted yet; when this turn asks for no tools, it ends the exchange,
     *     and its final update counts them and itself (and empties the list), else this one is left to the caller
     * @return the turn as finally stored; empty when the question could not be stored
     */
    private Optional<Turn> stream(UserId actor, Reply reply, ContextManager.Prepared prepared,
            RoutingService.Route first, Cancellation cancellation, SafeListener client, Runnable store,
            Runnable announce, ClientToolListener clientTools, List<ToolSpec> declared, String memoryBlock,
            List<ConversationMetrics.Turn> uncounted) {
        ReplyRecorder recorder = new ReplyRecorder();
        ProgressWriter progress = new ProgressWriter(actor, reply.message(), first.settings().flushInterval());
        ReplyGate gate = new ReplyGate(store, cancellation, client, announce, () -> progress.maybeWrite(recorder));
        ConversationEvent.ReplyStarted replyStarted = new ConversationEvent.ReplyStarted(reply.message().conversationId(),
                reply.id(), first.settings().provider(), first.settings().model());
        client.exchange.writing = new Writing(replyStarted, () -> gate.whenPassedOn(() -> new Writing.Snapshot(
                recorder.count(), Writing.replay(replyStarted, recorder.snapshot()))));
        long started = System.nanoTime();
        long[] firstToken = {0};
        long conversationTokens = prepared.estimatedTokens();
        RoutingService.Route route = first;
        List<Message> messages = prepared.context();
        Usage used = Usage.NONE;
        ProviderReply result;
        while (true) {
            ChatSettings chosen = route.settings();
            ChatRequest request = new ChatRequest(chosen.model(), chosen.systemPrompt(), messages, 0,
                    tools.offered(route.agent(), clientTools, declared));
            try {
                result = callWithRetries(route, request, cancellation, event -> {
                    if (firstToken[0] == 0) {
                        firstToken[0] = System.nanoTime();
                    }
                    if (gate.relay(() -> recorder.accept(event), toDelta(reply.message(), event))) {
                        progress.maybeWrite(recorder);
                    }
                }, () -> firstToken[0] != 0);
            } catch (RuntimeException bug) {
                // Adapters must not throw; if one does, keep what arrived and say what happened.
                LOG.log(Level.SEVERE, "provider adapter " + route.provider().id() + " threw", bug);
                result = ProviderReply.failed(recorder.snapshot(), null, chosen.model(),
                        ProviderError.of(ProviderError.Kind.UNKNOWN, "the provider adapter failed: " + bug.getMessage()));
            }
            used = plus(used, result.usage());
            Optional<ProviderError> error = result.errorIfAny();
            if (error.isEmpty() || error.get().kind() == ProviderError.Kind.ABORTED || cancellation.isCancelled()) {
                break;
            }
            String cause = error.get().kind().code().wireName();
            Optional<RoutingService.Route> next;
            try {
                next = firstToken[0] == 0 ? router.passOver(actor, route, cause, conversationTokens)
                        : router.failOver(actor, route, cause, textLength(recorder.snapshot()), conversationTokens);
            } catch (RoutingService.NoModelException | CredentialService.UnusableCredentialException e) {
                next = Optional.empty();
            }
            if (next.isEmpty() || !gate.awaitStored()) {
                break;
            }
            RouteTarget from = route.decision().selected();
            // Another model goes on with the same knowledge of the user.
            route = withMemory(next.get(), memoryBlock);
            conversations.recordRouting(actor, reply.id(), route.decision());
            if (firstToken[0] == 0) {
                client.on(sessionInfo(reply.message().conversationId(), route));
            } else {
                client.on(new ConversationEvent.RoutingFailover(reply.message().conversationId(), reply.id(), from,
                        route.decision().selected(), cause));
                messages = continuation(prepared.context(), reply.message(), recorder);
            }
        }
        if (!gate.awaitStored()) {
            return Optional.empty();
        }
        progress.finish();
        ChatSettings answered = route.settings();
        context.learn(answered.model(), prepared.estimatedTokens(), result.usage().inputTokens());
        Duration ttft = firstToken[0] == 0 ? null : Duration.ofNanos(firstToken[0] - started);
        Duration duration = Duration.ofNanos(System.nanoTime() - started);
        MessageError error = result.errorIfAny()
                .map(e -> new MessageError(e.kind().code().wireName(), e.message()))
                .orElse(null);
        String model = result.model() == null || result.model().isBlank() ? answered.model() : result.model();
        // After a failover the answer is what both models wrote; the decision says who wrote which part.
        List<ContentBlock> content = route.decision().failovers().isEmpty() ? result.content() : recorder.snapshot();
        if (used.isEmpty() && !content.isEmpty()) {
            // An aborted or failed stream often ends before the provider's usage report: count locally, and say so.
            used = Usage.estimated(prepared.estimatedTokens(), estimatedTokens(content));
        }
        // A provider's own figure (OpenRouter's) beats list prices; one model's part is all it can report.
        BigDecimal cost = result.reportedCostUsd() != null && route.decision().failovers().isEmpty()
                ? result.reportedCostUsd() : costOf(answered.provider(), model, used);
        Generation generation = new Generation(answered.provider(), model, used, result.stopReason(), ttft,
                duration, error, cost);
        Reply ended = reply.finish(content, generation);
        Turn turn = new Turn(ended, route, duration);
        if (!ended.toolCalls().isEmpty()) {
            conversations.update(actor, ended.message());
            return Optional.of(turn);
        }
        // The last turn of the exchange: one write stores it and counts it, with the turns before it.
        uncounted.add(countOf(turn, Duration.ZERO, 0));
        if (conversations.updateCounting(actor, ended.message(), List.copyOf(uncounted))) {
            uncounted.clear();
        } else {
            LOG.warning("could not count the exchange's turns with its final update; counting them one by one");
        }
        return Optional.of(turn);
    }

    /** The context for a model that goes on from a partial answer: that answer so far, and a request to continue it. */
    private static List<Message> continuation(List<Message> context, Message reply, ReplyRecorder recorder) {
        List<Message> next = new ArrayList<>(context);
        Message partial = reply.withProgress(recorder.snapshot(), reply.generation(), MessageStatus.PARTIAL);
        next.add(partial);
        next.add(Message.fromUser(new Conversation(reply.conversationId(), reply.owner(), "", reply.createdAt()),
                CONTINUE, reply.createdAt()));
        return next;
    }

    static final String CONTINUE = "Your previous answer was cut off. Continue it exactly where it stopped, "
            + "without repeating anything already written.";

    private static long estimatedTokens(List<ContentBlock> blocks) {
        long tokens = 0;
        for (ContentBlock block : blocks) {
            tokens += switch (block) {
                case ContentBlock.Text(String text) -> CalibratedTokenCounter.estimate(text);
                case ContentBlock.Thinking thinking -> CalibratedTokenCounter.estimate(thinking.text());
                case ContentBlock.ToolCall call -> CalibratedTokenCounter.estimate(call.name() + call.argumentsJson());
                case ContentBlock.ToolResult result -> CalibratedTokenCounter.estimate(result.content());
            };
        }
        return tokens;
    }

    private static int textLength(List<ContentBlock> blocks) {
        int length = 0;
        for (ContentBlock block : blocks) {
            if (block instanceof ContentBlock.Text(String text)) {
                length += text.length();
            }
        }
        return length;
    }

    private static Usage plus(Usage a, Usage b) {
        return new Usage(a.inputTokens() + b.inputTokens(), a.outputTokens() + b.outputTokens(),
                a.cachedInputTokens() + b.cachedInputTokens(), a.estimated() || b.estimated());
    }

    /** Priced as the model that answered; unknown when the catalog does not know it (an unknown cost is not zero). */
    private BigDecimal costOf(String provider, String answered, Usage usage) {
        return catalog.costOf(provider, answered, usage).orElse(null);
    }

    /** Calls the provider, and again while {@link RetryPolicy} allows and nothing has reached the user. */
    private ProviderReply callWithRetries(RoutingService.Route route, ChatRequest request,
            Cancellation cancellation, ChatStreamListener listener, BooleanSupplier relayed) {
        ChatProvider provider = route.provider();
        for (int attempt = 1; ; attempt++) {
            long started = System.nanoTime();
            ProviderReply result = provider.stream(request, listener, cancellation);
            Optional<ProviderError> error = result.errorIfAny();
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            if (error.isEmpty()) {
                circuits.recordSuccess(provider.id(), took);
            } else if (!(route.ownCredential() && KEY_SPECIFIC.contains(error.get().kind()))) {
                circuits.recordFailure(provider.id(), took, error.get().kind());
            }
            if (error.isEmpty() || !error.get().retryable() || relayed.getAsBoolean() || attempt >= retry.maxAttempts()
                    || cancellation.isCancelled()) {
                return result;
            }
            Duration wait = retry.backoff(attempt + 1, error.get().retryAfter());
            if (wait.compareTo(retry.maxWait()) > 0) {
                return result;
            }
            LOG.info(() -> provider.id() + " answered " + error.get().kind() + "; trying again in " + wait.toMillis() + " ms");
            CountDownLatch aborted = new CountDownLatch(1);
            cancellation.onCancel(aborted::countDown);
            try {
                if (aborted.await(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                    return ProviderReply.failed(result.content(), result.usage(), result.model(),
                            ProviderError.of(ProviderError.Kind.ABORTED, "aborted while waiting to retry"));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return result;
            }
        }
    }

    private static ConversationEvent toDelta(Message reply, ChatStreamEvent event) {
        return switch (event) {
            case ChatStreamEvent.TextDelta(String text) ->
                    new ConversationEvent.ReplyDelta(reply.conversationId(), reply.id(), DeltaKind.TEXT, text, 0, null, null);
            case ChatStreamEvent.ThinkingDelta(String text) ->
                    new ConversationEvent.ReplyDelta(reply.conversationId(), reply.id(), DeltaKind.THINKING, text, 0, null,
                            null);
            case ChatStreamEvent.ToolCallStarted(int index, String callId, String name) ->
                    new ConversationEvent.ReplyDelta(reply.conversationId(), reply.id(), DeltaKind.TOOL_CALL, "", index,
                            callId, name);
            case ChatStreamEvent.ToolCallDelta(int index, String delta) ->
                    new ConversationEvent.ReplyDelta(reply.conversationId(), reply.id(), DeltaKind.TOOL_CALL, delta, index,
                            null, null);
        };
    }

    @Override
    public Optional<Rejection> abort(UserId actor, ConversationId conversation) {
        Cancellation cancellation = running.get(new ReplyKey(actor, conversation));
        if (cancellation != null) {
            cancellation.cancel();
            return Optional.empty();
        }
        if (leases.isHeld(actor, conversation)) {
            // Another instance is writing it (the lease says so): ask them all.
            abortSignals.publish(actor, conversation);
            return Optional.empty();
        }
        return Optional.of(new Rejection(ErrorCode.NO_REPLY_IN_PROGRESS, "no reply is being written in that conversation"));
    }

    /** Watchers are told what they can be; not knowing whether there are any never stops a reply. */
    private boolean watchedByOthers(UserId actor, ConversationId conversation, String origin) {
        try {
            return feed.watched(actor, conversation, origin);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not tell whether anybody watches a conversation; its exchange is not published", e);
            return false;
        }
    }

    /** A client began to watch a conversation: if this instance is writing its exchange, it answers with the reply so far. */
    public void catchUpRequested(UserId owner, ConversationId conversation, String requester) {
        Exchange exchange = exchanges.get(new ReplyKey(owner, conversation));
        if (exchange != null) {
            exchange.catchUp(requester);
        }
    }

    /** An abort that arrived at some instance: stops the reply if this instance is writing it. */
    public void abortSignalled(UserId owner, ConversationId conversation) {
        Cancellation cancellation = running.get(new ReplyKey(owner, conversation));
        if (cancellation != null) {
            cancellation.cancel();
        }
    }

    @Override
    public Optional<ConversationView> get(UserId actor, ConversationId id) {
        return conversations.find(actor, id).map(conversation -> {
            boolean inProgress = leases.isHeld(actor, id);
            List<Message> messages = conversations.messages(actor, id);
            return new ConversationView(conversation, inProgress ? messages : settleInterrupted(actor, messages),
                    inProgress);
        });
    }

    @Override
    public Optional<ConversationPage> get(UserId actor, ConversationId id, PageRequest page) {
        return conversations.find(actor, id).map(conversation -> {
            boolean inProgress = leases.isHeld(actor, id);
            if (!inProgress) {
                settleInterrupted(actor, conversations.messages(actor, id));
            }
            return new ConversationPage(conversation, conversations.messages(actor, id, page), inProgress);
        });
    }

    @Override
    public boolean replyInProgress(UserId actor, ConversationId id) {
        return leases.isHeld(actor, id);
    }

    /**
     * Settles every reply a stopped gateway left streaming, wherever its conversation is: each one
     * whose conversation's lease is free (so nobody is writing it) is marked partial with error
     * {@code interrupted}, under the lease so no new reply can start meanwhile.
     *
     * @return how many conversations were settled
     */
    public int settleAbandoned() {
        int settled = 0;
        for (Conversations.StreamingReplies found : conversations.withStreamingReplies()) {
            Optional<ReplyLeases.Lease> lease = leases.acquire(found.owner(), found.conversation());
            if (lease.isEmpty()) {
                continue; // being written, or its writer died less than a lease ago
            }
            try (ReplyLeases.Lease held = lease.get()) {
                settleInterrupted(found.owner(), conversations.messages(found.owner(), found.conversation()));
                settled++;
            }
        }
        if (settled > 0) {
            int count = settled;
            LOG.info(() -> "settled the abandoned replies of " + count + " conversation(s)");
        }
        return settled;
    }

    /** Marks replies cut off by a stopped gateway as interrupted; call only when no reply is running. */
    private List<Message> settleInterrupted(UserId actor, List<Message> messages) {
        List<Message> settled = new ArrayList<>(messages.size());
        for (Message message : messages) {
            if (message.status() == MessageStatus.STREAMING && message.role() == Role.ASSISTANT) {
                Message interrupted = Reply.of(message).interrupt().message();
                conversations.update(actor, interrupted);
                settled.add(interrupted);
            } else {
                settled.add(message);
            }
        }
        return settled;
    }

    /**
     * Writes the reply so far to the database every {@code interval} while it streams, off the relay
     * path: at most one write runs at a time and the final write waits for it.
     */
    private final class ProgressWriter {
        private final UserId actor;
        private final Message reply;
        private final long intervalNanos;
        private long lastWrite = System.nanoTime();
        private Thread inFlight;

        ProgressWriter(UserId actor, Message reply, Duration interval) {
            this.actor = actor;
            this.reply = reply;
            this.intervalNanos = interval.toNanos();
        }

        void maybeWrite(ReplyRecorder recorder) {
            long now = System.nanoTime();
            if (now - lastWrite < intervalNanos || (inFlight != null && inFlight.isAlive()) || recorder.isEmpty()) {
                return;
            }
            lastWrite = now;
            Message snapshot = reply.withProgress(recorder.snapshot(), reply.generation(), MessageStatus.STREAMING);
            inFlight = Thread.ofVirtual().name("reply-progress").start(() -> {
                try {
                    conversations.update(actor, snapshot);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "could not store reply progress; the final write will retry", e);
                }
            });
        }

        void finish() {
            if (inFlight != null) {
                try {
                    inFlight.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /**
     * Stores the question and the start of the reply on a thread of its own while the provider is
     * already called, and holds back what the client would hear until that has committed: the
     * announcement of the reply, then the deltas that arrived meanwhile, in their order. If storing
     * fails, the provider call is cancelled and the client hears nothing of the reply.
     */
    private static final class ReplyGate {
        private final Object lock = new Object();
        private final SafeListener client;
        private final CompletableFuture<Void> stored;
        /** Deltas that arrived before the commit; null once passed on, or dropped because storing failed. */
        private List<ConversationEvent> held = new ArrayList<>();
        private boolean failed;

        /** @param caughtUp runs once the held deltas have been passed on, still under the gate's lock */
        ReplyGate(Runnable store, Cancellation cancellation, SafeListener client, Runnable announce, Runnable caughtUp) {
            this.client = client;
            this.stored = CompletableFuture.runAsync(() -> {
                try {
                    store.run();
                } catch (RuntimeException e) {
                    synchronized (lock) {
                        failed = true;
                        held = null;
                    }
                    cancellation.cancel();
                    LOG.log(Level.WARNING, "could not store a message; its reply was cancelled", e);
                    throw e;
                }
                synchronized (lock) {
                    announce.run();
                    held.forEach(client::on);
                    held = null;
                    caughtUp.run();
                }
            }, task -> Thread.ofVirtual().name("store-exchange").start(task));
        }

        /**
         * Records an event and passes its delta on, or holds the delta until the commit.
         *
         * @param record what the reply keeps of the event; runs under the lock, so never while held deltas are passed on
         * @return whether the delta was passed on now
         */
        boolean relay(Runnable record, ConversationEvent delta) {
            synchronized (lock) {
                record.run();
                if (failed) {
                    return false;
                }
                if (held != null) {
                    held.add(delta);
                    return false;
                }
            }
            client.on(delta);
            return true;
        }

        /** Reads what the reply holds once its deltas pass on; empty while they are held back, or when storing failed. */
        <T> Optional<T> whenPassedOn(Supplier<T> read) {
            synchronized (lock) {
                return held == null && !failed ? Optional.of(read.get()) : Optional.empty();
            }
        }

        /** Waits until storing has ended and what it held back has been passed on. @return false when it failed */
        boolean awaitStored() {
            try {
                stored.join();
                return true;
            } catch (CompletionException | CancellationException e) {
                return false;
            }
        }
    }

    /**
     * Forwards to the client until it fails once; after that the reply goes on without it. Every event
     * also goes to the exchange, for the conversation's watchers.
     */
    private static final class SafeListener implements ConversationEventListener {
        private final ConversationEventListener delegate;
        private final Exchange exchange;
        private final AtomicBoolean gone = new AtomicBoolean();

        SafeListener(ConversationEventListener delegate, Exchange exchange) {
            this.delegate = delegate;
            this.exchange = exchange;
        }

        /** The sender first: the watchers' round trip to the feed is not added to its delay. */
        @Override
        public void on(ConversationEvent event) {
            if (!gone.get()) {
                try {
                    delegate.on(event);
                } catch (RuntimeException e) {
                    gone.set(true);
                    LOG.log(Level.FINE, "client left mid-reply; the reply continues", e);
                }
            }
            exchange.publish(event);
        }
    }

    /**
     * One exchange as its watchers see it: its events, each delta numbered within its message, and
     * what to answer a catch-up with. Publishes nothing while nobody watches; the numbering runs anyway,
     * so a watcher who comes mid-answer can be told which deltas its snapshot stands for.
     */
    private static final class Exchange {
        private final ConversationFeed feed;
        private final UserId owner;
        private final ConversationId conversation;
        private final String origin;
        volatile boolean watched;
        /** The message being written, or the last one written; null before the first. */
        volatile Writing writing;
        private MessageId deltasOf;
        private int deltas;

        Exchange(ConversationFeed feed, UserId owner, ConversationId conversation, String origin) {
            this.feed = feed;
            this.owner = owner;
            this.conversation = conversation;
            this.origin = origin;
        }

        /** Called in the order the client hears the events, by one thread at a time. */
        void publish(ConversationEvent event) {
            int seq = -1;
            if (event instanceof ConversationEvent.ReplyDelta delta) {
                synchronized (this) {
                    if (!delta.messageId().equals(deltasOf)) {
                        deltasOf = delta.messageId();
                        deltas = 0;
                    }
                    seq = deltas++;
                }
            }
            boolean publish = watched;
            Writing current = writing;
            if (event instanceof ConversationEvent.ReplyEnded ended && current != null
                    && ended.message().id().equals(current.started().messageId())) {
                // Either a catch-up's snapshot holds the end, or it is published: never both, never neither.
                synchronized (this) {
                    current.ended = ended;
                    publish = watched;
                }
            }
            if (!publish) {
                return;
            }
            try {
                feed.publish(owner, conversation, origin, event, seq);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "could not publish a conversation event to its watchers", e);
            }
        }

        /** A client began to watch mid-exchange: from now on everything is published, and it gets the message so far. */
        void catchUp(String requester) {
            Writing current = writing;
            ConversationEvent.ReplyEnded ended;
            synchronized (this) {
                // Turned on before the content is read: a delta recorded after the read is published.
                watched = true;
                ended = current == null ? null : current.ended;
            }
            Optional<Writing.Snapshot> snapshot = current == null ? Optional.empty() : current.snapshot();
            if (snapshot.isEmpty()) {
                // Nothing is being written, or it has not reached any client yet: the watcher hears all of it.
                feed.publishSnapshot(owner, conversation, requester, null, 0, List.of());
                return;
            }
            List<ConversationEvent> events = new ArrayList<>(snapshot.get().events());
            if (ended != null) {
                events.add(ended);
            }
            feed.publishSnapshot(owner, conversation, requester, current.started().messageId(), snapshot.get().upTo(),
                    events);
        }
    }

    /** The message being written (or last written) in an exchange: how it started, its content so far, its end. */
    private static final class Writing {
        private final ConversationEvent.ReplyStarted started;
        private final Supplier<Optional<Snapshot>> soFar;
        /** Set, under the exchange's lock, when the end is sent. */
        ConversationEvent.ReplyEnded ended;

        record Snapshot(int upTo, List<ConversationEvent> events) {}

        /** @param soFar the content and the number of deltas it holds, read under the gate's lock; empty while held back */
        Writing(ConversationEvent.ReplyStarted started, Supplier<Optional<Snapshot>> soFar) {
            this.started = started;
            this.soFar = soFar;
        }

        ConversationEvent.ReplyStarted started() {
            return started;
        }

        Optional<Snapshot> snapshot() {
            return soFar.get();
        }

        /** The content so far as deltas a client can replay: one per block. */
        static List<ConversationEvent> replay(ConversationEvent.ReplyStarted started, List<ContentBlock> content) {
            List<ConversationEvent> events = new ArrayList<>(content.size() + 1);
            events.add(started);
            ConversationId id = started.conversationId();
            MessageId message = started.messageId();
            int calls = 0;
            for (ContentBlock block : content) {
                switch (block) {
                    case ContentBlock.Text(String text) ->
                            events.add(new ConversationEvent.ReplyDelta(id, message, DeltaKind.TEXT, text, 0, null, null));
                    case ContentBlock.Thinking thinking -> events.add(new ConversationEvent.ReplyDelta(id, message,
                            DeltaKind.THINKING, thinking.text(), 0, null, null));
                    case ContentBlock.ToolCall call -> events.add(new ConversationEvent.ReplyDelta(id, message,
                            DeltaKind.TOOL_CALL, call.argumentsJson(), calls++, call.id(), call.name()));
                    case ContentBlock.ToolResult ignored -> { }
                }
            }
            return events;
        }
    }
}
