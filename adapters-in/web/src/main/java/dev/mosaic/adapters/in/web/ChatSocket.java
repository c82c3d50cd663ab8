package dev.mosaic.adapters.in.web;

import dev.mosaic.application.ErrorCode;
import dev.mosaic.application.Rejection;
import dev.mosaic.application.channel.Identity;
import dev.mosaic.application.event.ConversationEvent;
import dev.mosaic.application.port.in.ExecuteCommandUseCase;
import dev.mosaic.application.port.in.ListToolsQuery;
import dev.mosaic.application.port.in.ConversationView;
import dev.mosaic.application.port.in.SendOutcome;
import dev.mosaic.application.port.in.WatchConversationUseCase;
import dev.mosaic.application.tool.ToolSpec;
import dev.mosaic.domain.conversation.ConversationId;
import dev.mosaic.domain.conversation.Message;
import dev.mosaic.domain.user.UserId;
import io.helidon.common.buffers.BufferData;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.http.Status;
import io.helidon.webserver.websocket.WsUpgrader;
import io.helidon.websocket.WsCloseCodes;
import io.helidon.websocket.WsListener;
import io.helidon.websocket.WsSession;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * One client's chat connection, a session of the {@link WebSocketChannel}. Helidon makes one instance per connection and calls it on the
 * connection's own thread; a reply runs on a virtual thread of its own so that the connection keeps
 * reading (an abort, a ping) while the reply streams.
 */
final class ChatSocket implements WsListener {

    private static final Logger LOG = Logger.getLogger(ChatSocket.class.getName());

    private final WebSocketChannel channel;
    private final GatewayUseCases useCases;
    private final ServerFrames frames;
    private final GatewayMetrics metrics;
    private final int maxFrameBytes;
    private final AtomicBoolean countedOpen = new AtomicBoolean();
    private final ReentrantLock sendLock = new ReentrantLock();
    private final StringBuilder incoming = new StringBuilder();
    private int incomingBytes;
    private boolean oversized;
    private String token;
    private UserId actor;
    private volatile WsSession session;
    private volatile boolean open;
    private final SocketClientTools clientTools;
    /** This connection's name as the origin of its messages: its watch is not sent their events again. */
    private final String sessionId = UUID.randomUUID().toString();
    /** The conversation this connection watches (the last one opened or sent in), and its watch; guarded by this. */
    private ConversationId watched;
    private WatchConversationUseCase.Watch watch;

    ChatSocket(WebSocketChannel channel, GatewayUseCases useCases, ServerFrames frames, GatewayMetrics metrics,
            int maxFrameBytes) {
        this.channel = channel;
        this.useCases = useCases;
        this.frames = frames;
        this.metrics = metrics;
        this.maxFrameBytes = maxFrameBytes;
        ListToolsQuery.Tools tools = useCases.listTools().tools();
        this.clientTools = new SocketClientTools(tools.gateway().stream().map(ToolSpec::name).collect(Collectors.toSet()),
                tools.client(), frames, this::sendOrThrow);
    }

    @Override
    public Optional<Headers> onHttpUpgrade(HttpPrologue prologue, Headers headers) {
        if (!channel.accepting()) {
            throw new Refused(Status.SERVICE_UNAVAILABLE_503, new Rejection(ErrorCode.CHANNEL_UNAVAILABLE,
                    "the gateway is not accepting connections now; try again shortly"));
        }
        token = BearerToken.from(headers).orElse(null);
        UserId user = switch (channel.identify(token)) {
            case Identity.Known(UserId known) -> known;
            case Identity.Refused(Rejection why) -> throw new Refused(Status.UNAUTHORIZED_401, why);
        };
        // Helidon decodes the key only after this, and answers one that is not base64 with a 500.
        if (!isWebSocketKey(headers.first(WsUpgrader.WS_KEY).orElse(""))) {
            throw new Refused(Status.BAD_REQUEST_400, new Rejection(ErrorCode.INVALID_INPUT,
                    "Sec-WebSocket-Key must be 16 bytes in base64 (RFC 6455)"));
        }
        actor = user;
        return Optional.empty();
    }

    private static boolean isWebSocketKey(String key) {
        try {
            return Base64.getDecoder().decode(key).length == 16;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public void onOpen(WsSession session) {
        this.session = session;
        this.open = true;
        countedOpen.set(true);
        metrics.socketOpened();
        channel.opened(this);
        send(frames.ready(actor, maxFrameBytes));
    }

    @Override
    public void onMessage(WsSession session, String text, boolean last) {
        if (!open) {
            return;
        }
        // Helidon decodes each frame as UTF-8 on its own, replacing bytes that are not UTF-8 with U+FFFD;
        // that is all that is left to tell them by. RFC 6455 says to fail the connection.
        if (text.indexOf('\uFFFD') >= 0) {
            open = false;
            session.close(WsCloseCodes.NOT_CONSISTENT, "text frames must be UTF-8");
            return;
        }
        if (!oversized) {
            incomingBytes += utf8Length(text);
            if (incomingBytes > maxFrameBytes) {
                oversized = true;
                incoming.setLength(0);
            } else {
                incoming.append(text);
            }
        }
        if (!last) {
            return;
        }
        if (oversized) {
            sendError(new Rejection(ErrorCode.FRAME_TOO_LARGE,
                    "the frame is over the limit of " + maxFrameBytes + " bytes; nothing of it was processed"), null, null);
        } else {
            handle(incoming.toString());
        }
        incoming.setLength(0);
        incomingBytes = 0;
        oversized = false;
    }

    @Override
    public void onMessage(WsSession session, BufferData buffer, boolean last) {
        if (last) {
            sendError(new Rejection(ErrorCode.BAD_FRAME, "binary frames are not supported; send JSON text"),
                    null, null);
        }
    }

    @Override
    public void onClose(WsSession session, int status, String reason) {
        closed();
    }

    @Override
    public void onError(WsSession session, Throwable error) {
        closed();
        LOG.log(Level.FINE, "connection error", error);
    }

    /** Helidon may report both a close and an error for one connection; it is counted closed once. */
    private void closed() {
        open = false;
        channel.closed(this);
        clientTools.close();
        watch(null, null);
        if (countedOpen.compareAndSet(true, false)) {
            metrics.socketClosed();
        }
    }

    private void handle(String text) {
        // The token may have expired or been revoked since the connection opened.
        if (channel.identify(token) instanceof Identity.Refused(Rejection why)) {
            sendError(why, null, null);
            open = false;
            session.close(WsCloseCodes.VIOLATED_POLICY, why.code().wireName());
            return;
        }
        ClientFrame frame;
        try {
            frame = ClientFrame.parse(frames.json(), text);
        } catch (ClientFrame.Invalid invalid) {
            sendError(invalid.rejection(), null, null);
            return;
        }
        try {
            switch (frame) {
                case ClientFrame.Send sendFrame -> Thread.ofVirtual().name("reply-" + actor).start(() -> reply(sendFrame));
                case ClientFrame.Abort abort -> useCases.abortReply().abort(actor, abort.conversationId())
                        .ifPresent(why -> sendError(why, null, abort.conversationId()));
                case ClientFrame.Open openFrame -> {
                    ConversationId id = openFrame.conversationId();
                    useCases.watchConversation().watch(actor, id, sessionId, watcher(view -> send(frames.history(view))))
                            .ifPresentOrElse(started -> watch(id, started),
                                    () -> sendError(Rejection.notFound("conversation"), null, id));
                }
                case ClientFrame.Command command -> {
                    switch (useCases.executeCommand().execute(actor, command.command(), command.conversationId())) {
                        case ExecuteCommandUseCase.Outcome.Done(var result, var events) -> {
                            send(frames.commandResult(result));
                            events.forEach(event -> send(frames.event(event)));
                        }
                        case ExecuteCommandUseCase.Outcome.Rejected(Rejection why) ->
                                sendError(why, null, command.conversationId().orElse(null));
                    }
                }
                case ClientFrame.Ping ignored -> send(frames.pong());
                case ClientFrame.OfferTools offer -> send(clientTools.offer(offer.tools()));
                case ClientFrame.ToolAnswer answer -> {
                    if (!clientTools.answer(answer.callId(), answer.content(), answer.isError())) {
                        sendError(new Rejection(ErrorCode.UNKNOWN_TOOL_CALL, "no tool call " + answer.callId()
                                + " awaits an answer from this connection (never asked, already answered, or timed out)"),
                                null, null);
                    }
                }
            }
        } catch (RuntimeException e) {
            internalError(e, null, null);
        }
    }

    private void reply(ClientFrame.Send frame) {
        ConversationId conversation = frame.conversationId().orElse(null);
        // A reply is counted before its message:end goes out, so that a client that saw it finds it
        // in the metrics; or, when the client left (events stop reaching it), from the outcome.
        AtomicBoolean counted = new AtomicBoolean();
        try {
            SendOutcome outcome = useCases.sendMessage().send(
                    channel.inbound(actor, frame).toCommand(clientTools).from(sessionId),
                    event -> {
                        if (event instanceof ConversationEvent.ReplyEnded ended && !ended.continues()
                                && counted.compareAndSet(false, true)) {
                            metrics.replied(ended.message());
                        }
                        sendOrThrow(frames.event(event));
                    });
            switch (outcome) {
                case SendOutcome.Rejected(Rejection why) -> sendError(why, frame.requestId(), conversation);
                // A reply that failed on the way has said so in its message:end, once.
                case SendOutcome.Replied(var _, Message answer) -> {
                    if (counted.compareAndSet(false, true)) {
                        metrics.replied(answer);
                    }
                    follow(answer.conversationId());
                }
            }
        } catch (RuntimeException e) {
            internalError(e, frame.requestId(), conversation);
        }
    }

    /** A watcher that sends every frame to this client, and the history as {@code history} says. */
    private WatchConversationUseCase.Watcher watcher(Consumer<ConversationView> history) {
        return new WatchConversationUseCase.Watcher() {
            @Override
            public void history(ConversationView view) {
                history.accept(view);
            }

            @Override
            public void frame(String frame) {
                sendOrThrow(frame);
            }
        };
    }

    /** After a send, the connection watches the conversation it sent in, if it watched another (or none). */
    private void follow(ConversationId conversation) {
        synchronized (this) {
            if (!open || conversation.equals(watched)) {
                return;
            }
        }
        // The client has the conversation up to its own reply; no history is sent again.
        useCases.watchConversation().follow(actor, conversation, sessionId, watcher(view -> { }))
                .ifPresent(started -> watch(conversation, started));
    }

    /** Replaces the connection's watch; null ends it. */
    private void watch(ConversationId conversation, WatchConversationUseCase.Watch next) {
        WatchConversationUseCase.Watch ended;
        synchronized (this) {
            ended = watch;
            if (next != null && !open) {
                ended = next; // closed meanwhile: the new watch ends at once
            } else {
                watch = next;
                watched = conversation;
            }
        }
        if (ended != null) {
            ended.close();
        }
    }

    /** The channel is stopping: the client is told to go away; a reply under way goes on and is stored. */
    void goAway() {
        open = false;
        WsSession current = session;
        if (current != null) {
            try {
                current.close(WsCloseCodes.GOING_AWAY, "the gateway is stopping");
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "the connection was already gone", e);
            }
        }
    }

    private void internalError(RuntimeException e, String requestId, ConversationId conversation) {
        String incident = UUID.randomUUID().toString();
        LOG.log(Level.SEVERE, "request failed (incident " + incident + ")", e);
        sendError(new Rejection(ErrorCode.INTERNAL,
                "the gateway failed to handle this request (incident " + incident + ")"), requestId, conversation);
    }

    private void sendError(Rejection why, String requestId, ConversationId conversation) {
        metrics.error(why.code().wireName());
        send(frames.error(why, requestId, conversation));
    }

    /** Sends a frame; a client that went away is not an error here. */
    private void send(String frame) {
        try {
            sendOrThrow(frame);
        } catch (IllegalStateException e) {
            LOG.log(Level.FINE, "dropping a frame for a closed connection", e);
        }
    }

    /** Sends a frame, or throws when the client is gone, so that a running reply stops relaying to it. */
    private void sendOrThrow(String frame) {
        if (!open) {
            throw new IllegalStateException("connection closed");
        }
        sendLock.lock();
        try {
            session.send(frame, true);
        } catch (RuntimeException e) {
            open = false;
            throw new IllegalStateException("connection closed", e);
        } finally {
            sendLock.unlock();
        }
    }

    private static int utf8Length(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
