package dev.mosaic.tui;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * A chat with the gateway over one connection: send messages and get their replies, abort, open
 * earlier conversations and run slash commands. It keeps track of the current conversation: the
 * one {@link #send} writes to, set by {@code session:info} and by {@link #open}, cleared by
 * {@link #newConversation}. It offers the gateway the {@link Tools} it was given on connecting, runs
 * them when the model calls them and answers with their results.
 *
 * <p>Every method may be called from any thread. Futures complete on threads of their own, so a
 * callback may block or call the session again; they fail with {@link GatewayException} when the
 * gateway answers with an {@code error}, and with {@link ConnectionClosedException} when the
 * connection ends first.
 *
 * <p>The protocol gives only {@code message:send} a request id. The gateway answers every other
 * frame in order, on the connection's own thread, with at most one frame, so this session follows
 * each request with a {@code ping}: what arrives before the {@code pong} (a history, a command
 * result, an error without request id) is that request's answer.
 */
public final class ChatSession implements AutoCloseable {

    /**
     * Live events, for a UI to render a reply as it streams. They arrive in the gateway's order, on
     * the connection's thread, before the future they relate to completes; keep them short.
     */
    public interface Events {
        /** Which model answers the message just sent, and why (and whether it is simulated). */
        default void onSessionInfo(ServerFrame.SessionInfo info) {}

        /**
         * The conversation's oldest messages were folded into a checkpoint summary (or left out) so
         * that it fits the model's window; comes before the reply's first delta.
         */
        default void onContextCompacted(ServerFrame.ContextCompacted compacted) {}

        /** The model writing a reply failed mid-answer and another goes on from there. */
        default void onFailover(ServerFrame.RoutingFailover failover) {}

        /** A piece of a reply: text, thinking, or a fragment of a tool call. */
        default void onDelta(ServerFrame.MessageDelta delta) {}

        /** A tool the model asked for starts, on the gateway or on this client. */
        default void onToolStart(ServerFrame.ToolStart start) {}

        /** A tool the model asked for finished. */
        default void onToolEnd(ServerFrame.ToolEnd end) {}

        /** What the model is told it remembers of the user for the answer that follows. */
        default void onMemory(ServerFrame.ContextMemory memory) {}

        /** The gateway's answer to the tools this session offered: which it took, and why it refused the others. */
        default void onToolsOffered(ServerFrame.ToolsOffered offered) {}

        /** A reply to one of this session's messages is finished (its future completes next). */
        default void onReplyEnd(Reply reply) {}

        /** A message another client sent in the conversation this session has open. */
        default void onOthersMessage(ServerFrame.MessageStored stored) {}

        /**
         * A reply in the conversation this session has open, to a message another client sent, as
         * it ended; {@code text} is its text (for one joined mid-answer: from the gateway's catch-up on).
         */
        default void onOthersReply(ServerFrame.MessageEnd end, String text) {}

        /** An error no future of this session is waiting for, such as {@code token_revoked} before a close. */
        default void onError(GatewayError error) {}

        /** The connection ended; every future still waiting has failed. */
        default void onClosed(CloseReason reason) {}
    }

    /** Tools this client runs itself, offered to the gateway on connecting. */
    public interface Tools {
        /** A session without tools of its own. */
        Tools NONE = new Tools() {
            @Override
            public List<ToolSpec> specs() {
                return List.of();
            }

            @Override
            public ToolOutput run(String name, String arguments) {
                return ToolOutput.error("this client offers no tools");
            }
        };

        List<ToolSpec> specs();

        /**
         * Runs a call of one of the offered tools, on a thread of its own (so it may take its time,
         * or ask the person), and says how it went; {@code arguments} is the model's JSON text.
         */
        ToolOutput run(String name, String arguments);
    }

    /** The connection as the session uses it; tests put a fake in its place. */
    interface Transport {
        CompletableFuture<Void> send(ClientFrame frame);

        void close();
    }

    private static final Logger LOG = Logger.getLogger(ChatSession.class.getName());

    private static final String STEP_LIMIT = "tool_step_limit";

    private final Events events;
    private final Tools tools;
    private final Set<String> offered;
    /** Completes futures and runs tool calls, off the connection's thread. */
    private final Executor completions;
    private final ReentrantLock lock = new ReentrantLock();
    private final CompletableFuture<ServerFrame.Ready> ready = new CompletableFuture<>();
    private final Map<String, PendingReply> pending = new LinkedHashMap<>();
    private final Map<String, ServerFrame.SessionInfo> unclaimedInfo = new HashMap<>();
    /** The text so far of replies to other clients' messages, by message id, from their message:start. */
    private final Map<String, StringBuilder> othersReplies = new HashMap<>();
    private final Deque<Inline<?>> inline = new ArrayDeque<>();
    /** Set right after connecting, before anyone can send. */
    private volatile Transport transport;
    private long lastRequestId;
    private String conversationId;
    private CloseReason closed;

    ChatSession(Events events, Tools tools, Executor completions) {
        this.events = Objects.requireNonNull(events);
        this.tools = Objects.requireNonNull(tools);
        this.offered = tools.specs().stream().map(ToolSpec::name).collect(Collectors.toUnmodifiableSet());
        this.completions = Objects.requireNonNull(completions);
    }

    /** Connects without live events or tools; the futures carry everything. */
    public static ChatSession connect(URI url, String token, Duration timeout) throws GatewayConnectException {
        return connect(url, token, timeout, new Events() {});
    }

    /** Connects without tools of its own. */
    public static ChatSession connect(URI url, String token, Duration timeout, Events events)
            throws GatewayConnectException {
        return connect(url, token, timeout, events, Tools.NONE);
    }

    /**
     * Connects and waits for the gateway's {@code ready}, at most {@code timeout} for each, then
     * offers {@code tools} (when there are any). The gateway takes frames in order, so the offer
     * holds for every message sent after this returns; {@link Events#onToolsOffered} hears its answer.
     *
     * @throws GatewayConnectException when the gateway cannot be reached, rejects the token
     *     (HTTP 401, {@link GatewayConnectException#error()} says why) or never says {@code ready}
     */
    public static ChatSession connect(URI url, String token, Duration timeout, Events events, Tools tools)
            throws GatewayConnectException {
        ChatSession session = new ChatSession(events, tools, Thread::startVirtualThread);
        GatewayConnection connection = GatewayConnection.connect(url, token, timeout, session.listener());
        session.attach(connection);
        try {
            session.ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            session.offerTools();
            return session;
        } catch (TimeoutException e) {
            connection.close();
            throw new GatewayConnectException("the gateway at " + url + " accepted the connection but did not say "
                    + "'ready' within " + timeout.toMillis() + " ms", 0, null, e);
        } catch (ExecutionException e) {
            throw new GatewayConnectException("the gateway at " + url + " closed the connection before it was ready: "
                    + e.getCause().getMessage(), 0, null, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            connection.close();
            throw new GatewayConnectException("interrupted while waiting for the gateway", 0, null, e);
        }
    }

    /** What the gateway said on connecting: protocol version, user id, frame size limit. */
    public ServerFrame.Ready ready() {
        return ready.getNow(null);
    }

    public Optional<String> currentConversationId() {
        lock.lock();
        try {
            return Optional.ofNullable(conversationId);
        } finally {
            lock.unlock();
        }
    }

    /** Makes the next {@link #send} start a new conversation. */
    public void newConversation() {
        lock.lock();
        try {
            conversationId = null;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Sends a message to the current conversation (a new one when there is none) and returns its
     * reply, which completes at {@code message:end}; a partial reply (provider failure, abort)
     * completes normally with {@link Reply#isPartial()} and its {@link Reply#error()}.
     */
    public CompletableFuture<Reply> send(String text) {
        Objects.requireNonNull(text, "text");
        lock.lock();
        try {
            if (closed != null) {
                return CompletableFuture.failedFuture(new ConnectionClosedException(closed));
            }
            String requestId = "r" + ++lastRequestId;
            PendingReply reply = new PendingReply(requestId);
            pending.put(requestId, reply);
            // The gateway answers a send inline only when it cannot even read it (frame_too_large, …).
            request(new ClientFrame.Send(text, conversationId, requestId),
                    new Inline<>("message:send", null, new CompletableFuture<Void>(), ignored -> {},
                            error -> fail(requestId, new GatewayException(error))));
            return reply.future;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Stops the replies this session is waiting for, or, when it waits for none, any reply being
     * written in the current conversation (say, one a previous connection started). Completes when
     * the gateway has taken the abort; the reply itself then ends as partial with {@code aborted}.
     * Fails with {@code no_reply_in_progress} when there is nothing to abort.
     */
    public CompletableFuture<Void> abort() {
        lock.lock();
        try {
            if (closed != null) {
                return CompletableFuture.failedFuture(new ConnectionClosedException(closed));
            }
            List<CompletableFuture<Void>> acks = new ArrayList<>();
            // A copy: a send that fails closes the session, which empties the map, on this very thread.
            for (PendingReply reply : List.copyOf(pending.values())) {
                if (reply.messageId != null) {
                    acks.add(sendAbort(reply.conversationId));
                } else {
                    // Until message:start the gateway may not have registered the reply yet.
                    CompletableFuture<Void> later = new CompletableFuture<>();
                    reply.deferredAborts.add(later);
                    acks.add(later);
                }
            }
            if (acks.isEmpty()) {
                if (conversationId == null) {
                    return CompletableFuture.failedFuture(new GatewayException(
                            new GatewayError("no_reply_in_progress", "there is no reply to abort")));
                }
                acks.add(sendAbort(conversationId));
            }
            return CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new));
        } finally {
            lock.unlock();
        }
    }

    /** Loads a conversation (fails with {@code not_found} for an unknown one) and makes it the current one. */
    public CompletableFuture<ServerFrame.History> open(String conversationId) {
        Objects.requireNonNull(conversationId, "conversationId");
        return inlineRequest(new ClientFrame.Open(conversationId), "conversation:open", ServerFrame.History.class,
                history -> this.conversationId = history.conversationId());
    }

    /**
     * Runs a gateway slash command such as {@code /history} in the current conversation; an unknown
     * one fails with {@code unknown_command}.
     */
    public CompletableFuture<ServerFrame.CommandResult> command(String line) {
        Objects.requireNonNull(line, "line");
        lock.lock();
        try {
            return inlineRequest(new ClientFrame.Command(line, conversationId), "command:execute",
                    ServerFrame.CommandResult.class, result -> {});
        } finally {
            lock.unlock();
        }
    }

    /** Offers this session's tools; a gateway that knows no tools refuses the offer, which only costs them. */
    void offerTools() {
        List<ToolSpec> specs = tools.specs();
        if (specs.isEmpty()) {
            return;
        }
        inlineRequest(new ClientFrame.OfferTools(specs), "tools:offer", ServerFrame.ToolsOffered.class, ignored -> {})
                .whenComplete((answer, failed) -> {
                    if (failed != null) {
                        LOG.log(Level.WARNING, "the gateway did not take the client's tools", failed);
                    }
                });
    }

    /** Completes when the gateway has answered every frame sent before this one. */
    public CompletableFuture<Void> ping() {
        return inlineRequest(new ClientFrame.Ping(), "ping", null, ignored -> {});
    }

    public boolean isOpen() {
        lock.lock();
        try {
            return closed == null;
        } finally {
            lock.unlock();
        }
    }

    /** Closes the connection; whatever still waits fails with {@link ConnectionClosedException}. */
    @Override
    public void close() {
        transport.close();
    }

    void attach(Transport transport) {
        this.transport = transport;
    }

    GatewayConnection.Listener listener() {
        return new GatewayConnection.Listener() {
            @Override
            public void onFrame(ServerFrame frame) {
                accept(frame);
            }

            @Override
            public void onClosed(CloseReason reason) {
                closed(reason);
            }
        };
    }

    /** Takes one frame from the gateway; frames must come one at a time, in order. */
    void accept(ServerFrame frame) {
        List<Runnable> notifications = new ArrayList<>(1);
        lock.lock();
        try {
            switch (frame) {
                case ServerFrame.Ready r -> ready.complete(r);
                case ServerFrame.SessionInfo info -> {
                    conversationId = info.conversationId();
                    PendingReply answering = replyIn(info.conversationId());
                    if (answering != null) {
                        // Another model took over before the first token.
                        answering.info = info;
                    } else {
                        // Which send it answers is known only at message:stored, which carries the request id.
                        unclaimedInfo.put(info.conversationId(), info);
                    }
                    notifications.add(() -> events.onSessionInfo(info));
                }
                case ServerFrame.RoutingFailover failover -> notifications.add(() -> events.onFailover(failover));
                case ServerFrame.MessageStored stored -> {
                    PendingReply reply = stored.requestId() == null ? null : pending.get(stored.requestId());
                    if (reply != null) {
                        reply.conversationId = stored.conversationId();
                        reply.info = unclaimedInfo.remove(stored.conversationId());
                    } else if (stored.text() != null) {
                        unclaimedInfo.remove(stored.conversationId());
                        notifications.add(() -> events.onOthersMessage(stored));
                    }
                }
                case ServerFrame.ContextCompacted compacted ->
                        notifications.add(() -> events.onContextCompacted(compacted));
                case ServerFrame.MessageStart start -> {
                    PendingReply reply = replyIn(start.conversationId());
                    if (reply == null) {
                        othersReplies.put(start.messageId(), new StringBuilder());
                    } else {
                        reply.start(start);
                        List<CompletableFuture<Void>> aborts = List.copyOf(reply.deferredAborts);
                        reply.deferredAborts.clear();
                        aborts.forEach(later -> sendAbort(reply.conversationId)
                                .whenComplete((ok, failed) -> settle(later, null, failed)));
                    }
                }
                case ServerFrame.MessageDelta delta -> {
                    PendingReply reply = replyIn(delta.conversationId());
                    if (reply != null) {
                        reply.append(delta);
                    } else if (delta.kind() == ServerFrame.DeltaKind.TEXT && othersReplies.containsKey(delta.messageId())) {
                        othersReplies.get(delta.messageId()).append(delta.text());
                    }
                    notifications.add(() -> events.onDelta(delta));
                }
                case ServerFrame.MessageEnd end -> {
                    PendingReply reply = replyIn(end.conversationId());
                    StringBuilder others = othersReplies.remove(end.messageId());
                    if (reply == null && others != null) {
                        String text = others.toString();
                        notifications.add(() -> events.onOthersReply(end, text));
                    }
                    if (reply != null) {
                        reply.step(end);
                        if (!end.continues()) {
                            // The exchange is over; until then, tools run and the model takes another step.
                            finish(reply, reply.stoppedBy != null
                                    ? reply.toReply("partial", end.stopReason(), reply.stoppedBy)
                                    : reply.toReply(end.status(), end.stopReason(), end.error()), notifications);
                        }
                    }
                }
                case ServerFrame.ToolStart start -> notifications.add(() -> events.onToolStart(start));
                case ServerFrame.ToolEnd end -> notifications.add(() -> events.onToolEnd(end));
                case ServerFrame.ContextMemory memory -> notifications.add(() -> events.onMemory(memory));
                case ServerFrame.ToolRequest call -> notifications.add(() -> completions.execute(() -> runTool(call)));
                case ServerFrame.ToolsOffered answer -> {
                    answerInline(answer);
                    notifications.add(() -> events.onToolsOffered(answer));
                }
                case ServerFrame.Error error when STEP_LIMIT.equals(error.error().code()) -> {
                    // It comes just before the last message:end of an exchange the agent's step limit stopped.
                    PendingReply reply = error.requestId() != null ? pending.get(error.requestId())
                            : replyIn(error.conversationId());
                    if (reply != null) {
                        reply.stoppedBy = error.error();
                    } else {
                        notifications.add(() -> events.onError(error.error()));
                    }
                }
                case ServerFrame.Error error when error.requestId() != null -> {
                    if (pending.containsKey(error.requestId())) {
                        fail(error.requestId(), new GatewayException(error.error()));
                    } else {
                        notifications.add(() -> events.onError(error.error()));
                    }
                }
                case ServerFrame.Error error -> {
                    Inline<?> head = inline.peek();
                    if (head != null) {
                        head.answer(error);
                    } else {
                        notifications.add(() -> events.onError(error.error()));
                    }
                }
                case ServerFrame.History history -> answerInline(history);
                case ServerFrame.CommandResult result -> answerInline(result);
                case ServerFrame.Pong pong -> {
                    Inline<?> head = inline.poll();
                    if (head != null) {
                        head.ended();
                    }
                }
                case ServerFrame.Unknown unknown -> LOG.fine(() -> "ignoring a frame of unknown type " + unknown.type());
                case ServerFrame.Malformed malformed ->
                        LOG.warning(() -> "ignoring a malformed frame from the gateway (" + malformed.problem() + ")");
            }
        } finally {
            lock.unlock();
        }
        notifications.forEach(this::notify);
    }

    /** Ends a reply's exchange: its future completes with {@code finished}. Call holding the lock. */
    private void finish(PendingReply reply, Reply finished, List<Runnable> notifications) {
        pending.remove(reply.requestId);
        notifications.add(() -> events.onReplyEnd(finished));
        settle(reply.future, finished, null);
    }

    /** Runs a tool call on this thread and answers it; a tool this session did not offer is not run. */
    private void runTool(ServerFrame.ToolRequest call) {
        ToolOutput output;
        if (call.name() == null || !offered.contains(call.name())) {
            output = ToolOutput.error("this client did not offer a tool named " + call.name());
        } else {
            try {
                output = tools.run(call.name(), call.arguments());
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "tool " + call.name() + " failed", e);
                output = ToolOutput.error(call.name() + " failed: " + e);
            }
        }
        if (call.callId() == null) {
            LOG.warning(() -> "a tool:call without callId for " + call.name() + " cannot be answered");
            return;
        }
        ClientFrame.ToolAnswer answer = new ClientFrame.ToolAnswer(call.callId(), output.content(), output.isError());
        ServerFrame.Ready said = ready.getNow(null);
        int limit = said == null ? 0 : said.maxFrameBytes();
        if (limit > 0 && Frames.write(answer).getBytes(StandardCharsets.UTF_8).length > limit) {
            // The gateway would refuse the frame and the model wait for the result until the tool timed out.
            answer = new ClientFrame.ToolAnswer(call.callId(), "the result of " + call.name() + " is larger than the "
                    + "gateway takes in one frame (" + limit + " bytes); ask for less of it", true);
        }
        ClientFrame.ToolAnswer sent = answer;
        lock.lock();
        try {
            // Gone means the gateway gave the call up with the connection: nobody to answer.
            if (closed == null) {
                // An unknown_tool_call (the gateway stopped waiting for it) answers inline, not some other request.
                request(sent, new Inline<>("tool:result", null, new CompletableFuture<Void>(), ignored -> {},
                        error -> LOG.warning(() -> "the gateway did not take the result of " + call.name() + ": "
                                + error)));
            }
        } finally {
            lock.unlock();
        }
    }

    /** The connection ended: everything still waiting fails. */
    void closed(CloseReason reason) {
        lock.lock();
        try {
            if (closed != null) {
                return;
            }
            closed = reason;
            ConnectionClosedException failure = new ConnectionClosedException(reason);
            ready.completeExceptionally(failure);
            for (PendingReply reply : pending.values()) {
                settle(reply.future, null, failure);
                reply.deferredAborts.forEach(later -> settle(later, null, failure));
            }
            pending.clear();
            inline.forEach(request -> settle(request.result, null, failure));
            inline.clear();
        } finally {
            lock.unlock();
        }
        notify(() -> events.onClosed(reason));
    }

    private <T> CompletableFuture<T> inlineRequest(ClientFrame frame, String what, Class<T> answerType,
            Consumer<T> onAnswer) {
        lock.lock();
        try {
            if (closed != null) {
                return CompletableFuture.failedFuture(new ConnectionClosedException(closed));
            }
            CompletableFuture<T> result = new CompletableFuture<>();
            request(frame, new Inline<>(what, answerType, result, onAnswer, error -> {}));
            return result;
        } finally {
            lock.unlock();
        }
    }

    private CompletableFuture<Void> sendAbort(String conversation) {
        CompletableFuture<Void> ack = new CompletableFuture<>();
        request(new ClientFrame.Abort(conversation), new Inline<>("message:abort", null, ack, ignored -> {}, error -> {}));
        return ack;
    }

    /** Sends a frame, and a ping after it to mark the end of its inline answer. Call holding the lock. */
    private void request(ClientFrame frame, Inline<?> answer) {
        if (closed != null) {
            // An earlier send in the same call failed and closed the session.
            settle(answer.result, null, new ConnectionClosedException(closed));
            return;
        }
        inline.add(answer);
        send(frame);
        if (!(frame instanceof ClientFrame.Ping)) {
            send(new ClientFrame.Ping());
        }
    }

    private void send(ClientFrame frame) {
        transport.send(frame).whenComplete((ok, failed) -> {
            if (failed != null) {
                // A frame that cannot be written leaves requests unanswered: give the connection up
                // (a GatewayConnection has done so already, saying why).
                LOG.log(Level.FINE, "sending failed; closing", failed);
                transport.close();
            }
        });
    }

    private void answerInline(ServerFrame frame) {
        Inline<?> head = inline.peek();
        if (head != null) {
            head.answer(frame);
        } else {
            LOG.warning(() -> "ignoring an unexpected " + frame.getClass().getSimpleName() + " from the gateway");
        }
    }

    private PendingReply replyIn(String conversation) {
        for (PendingReply reply : pending.values()) {
            if (conversation != null && conversation.equals(reply.conversationId)) {
                return reply;
            }
        }
        return null;
    }

    /** Fails a send that the gateway refused or could not finish. Call holding the lock. */
    private void fail(String requestId, GatewayException failure) {
        PendingReply reply = pending.remove(requestId);
        if (reply != null) {
            settle(reply.future, null, failure);
            // A reply that never started needs no abort.
            reply.deferredAborts.forEach(later -> settle(later, null, null));
        }
    }

    /** Completes a future off the connection's thread and outside the lock, so callbacks may block. */
    private <T> void settle(CompletableFuture<T> future, T value, Throwable failure) {
        completions.execute(() -> {
            if (failure == null) {
                future.complete(value);
            } else {
                future.completeExceptionally(failure);
            }
        });
    }

    private void notify(Runnable notification) {
        try {
            notification.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "an event listener failed", e);
        }
    }

    /** The inline answer to one request: one frame of {@code answerType} or an error, then the pong. */
    private final class Inline<T> {
        private final String what;
        private final Class<T> answerType;
        private final CompletableFuture<T> result;
        private final Consumer<T> onAnswer;
        private final Consumer<GatewayError> onError;
        private boolean answered;

        Inline(String what, Class<T> answerType, CompletableFuture<T> result, Consumer<T> onAnswer,
                Consumer<GatewayError> onError) {
            this.what = what;
            this.answerType = answerType;
            this.result = result;
            this.onAnswer = onAnswer;
            this.onError = onError;
        }

        void answer(ServerFrame frame) {
            if (frame instanceof ServerFrame.Error error) {
                answered = true;
                onError.accept(error.error());
                settle(result, null, new GatewayException(error.error()));
            } else if (answerType != null && answerType.isInstance(frame) && !answered) {
                answered = true;
                T value = answerType.cast(frame);
                onAnswer.accept(value);
                settle(result, value, null);
            } else {
                LOG.warning(() -> "ignoring a " + frame.getClass().getSimpleName() + " that does not answer " + what);
            }
        }

        void ended() {
            if (!answered) {
                settle(result, null, answerType == null ? null
                        : new IllegalStateException("the gateway did not answer " + what));
            }
        }
    }

    /** A message sent and the reply to it, as far as it has arrived. */
    private static final class PendingReply {
        final String requestId;
        final CompletableFuture<Reply> future = new CompletableFuture<>();
        final List<CompletableFuture<Void>> deferredAborts = new ArrayList<>();
        final StringBuilder text = new StringBuilder();
        final StringBuilder thinking = new StringBuilder();
        final SortedMap<Integer, ToolCallParts> toolCalls = new TreeMap<>();
        /** The tool calls of the exchange's earlier steps. */
        final List<ToolCall> earlierCalls = new ArrayList<>();
        String conversationId;
        String messageId;
        String provider;
        String model;
        ServerFrame.SessionInfo info;
        /** The exchange's last message:end so far; null before the first. */
        ServerFrame.MessageEnd lastEnd;
        /** Why the gateway stopped the exchange early (the agent's step limit); null while it runs. */
        GatewayError stoppedBy;
        boolean newLine;
        Usage usage = Usage.NONE;
        Duration firstToken;
        Duration duration;

        PendingReply(String requestId) {
            this.requestId = requestId;
        }

        void start(ServerFrame.MessageStart start) {
            // The step after a tool call begins a new line of the answer, once it writes any.
            newLine = lastEnd != null && !text.isEmpty() && text.charAt(text.length() - 1) != '\n';
            messageId = start.messageId();
            provider = start.provider();
            model = start.model();
        }

        void append(ServerFrame.MessageDelta delta) {
            switch (delta.kind()) {
                case TEXT -> {
                    if (newLine) {
                        text.append('\n');
                        newLine = false;
                    }
                    text.append(delta.text());
                }
                case THINKING -> thinking.append(delta.text());
                case TOOL_CALL -> toolCalls.computeIfAbsent(delta.toolCallIndex(), i -> new ToolCallParts()).add(delta);
                case OTHER -> { } // a kind added after this client: nothing to assemble
            }
        }

        /** One message of the exchange ended: its tool calls, tokens and time count towards the reply. */
        void step(ServerFrame.MessageEnd end) {
            lastEnd = end;
            toolCalls.values().stream().map(ToolCallParts::toToolCall).forEach(earlierCalls::add);
            toolCalls.clear(); // the next step counts its calls from 0 again
            Usage used = end.usage() == null ? Usage.NONE : end.usage();
            usage = new Usage(usage.inputTokens() + used.inputTokens(), usage.outputTokens() + used.outputTokens(),
                    usage.cachedInputTokens() + used.cachedInputTokens());
            Timing timing = end.timing() == null ? Timing.NONE : end.timing();
            if (firstToken == null) {
                firstToken = timing.timeToFirstToken();
            }
            if (timing.duration() != null) {
                duration = duration == null ? timing.duration() : duration.plus(timing.duration());
            }
        }

        /**
         * The whole exchange as one reply: the text of all its messages, their tool calls and tokens,
         * the first token's time and the time the model took (tools not counted).
         */
        Reply toReply(String status, String stopReason, GatewayError error) {
            return new Reply(requestId, conversationId, lastEnd.messageId() != null ? lastEnd.messageId() : messageId,
                    lastEnd.provider() != null ? lastEnd.provider() : provider,
                    lastEnd.model() != null ? lastEnd.model() : model, status, stopReason, text.toString(),
                    thinking.toString(), earlierCalls, usage, new Timing(firstToken, duration), error, info);
        }
    }

    private static final class ToolCallParts {
        private final StringBuilder arguments = new StringBuilder();
        private String id;
        private String name;

        void add(ServerFrame.MessageDelta delta) {
            if (delta.toolCallId() != null) {
                id = delta.toolCallId();
            }
            if (delta.toolName() != null) {
                name = delta.toolName();
            }
            arguments.append(delta.text());
        }

        ToolCall toToolCall() {
            return new ToolCall(id, name, arguments.toString());
        }
    }
}
