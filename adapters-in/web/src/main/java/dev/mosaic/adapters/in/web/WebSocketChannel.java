package dev.mosaic.adapters.in.web;

import dev.mosaic.application.channel.ChannelAdapter;
import dev.mosaic.application.channel.ChannelHealth;
import dev.mosaic.application.channel.Delivery;
import dev.mosaic.application.channel.Identity;
import dev.mosaic.application.channel.InboundMessage;
import dev.mosaic.domain.user.UserId;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The WebSocket channel ({@code /v1/ws}, docs/protocol/websocket.md): each connection is a {@link
 * ChatSocket}; its clients present a Mosaic token and see every delta as it arrives.
 */
final class WebSocketChannel implements ChannelAdapter {

    static final String NAME = "websocket";

    private final GatewayUseCases useCases;
    private final ServerFrames frames;
    private final GatewayMetrics metrics;
    private final int maxFrameBytes;
    private final Set<ChatSocket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean started;

    WebSocketChannel(GatewayUseCases useCases, ServerFrames frames, GatewayMetrics metrics, int maxFrameBytes) {
        this.useCases = useCases;
        this.frames = frames;
        this.metrics = metrics;
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Delivery delivery() {
        return Delivery.STREAMED;
    }

    @Override
    public void start() {
        started = true;
    }

    /** Refuses new connections and closes the open ones with 1001; their replies go on and are stored. */
    @Override
    public void stop() {
        started = false;
        open.forEach(ChatSocket::goAway);
    }

    @Override
    public ChannelHealth health() {
        return started
                ? new ChannelHealth(ChannelHealth.State.UP, open.size(), open.size() + " connection(s)")
                : new ChannelHealth(ChannelHealth.State.DOWN, 0, "not accepting connections");
    }

    /** A listener for one new connection. */
    ChatSocket connect() {
        return new ChatSocket(this, useCases, frames, metrics, maxFrameBytes);
    }

    boolean accepting() {
        return started;
    }

    /** The token is checked on the upgrade and again on every frame, since it may expire or be revoked meanwhile. */
    Identity identify(String bearerToken) {
        return Identity.of(useCases.authenticate().authenticate(bearerToken));
    }

    InboundMessage inbound(UserId sender, ClientFrame.Send frame) {
        return InboundMessage.text(NAME, sender, frame.conversationId(), frame.text(), frame.requestId());
    }

    void opened(ChatSocket socket) {
        open.add(socket);
        // A connection that opened while the channel stopped is not kept.
        if (!started) {
            socket.goAway();
        }
    }

    void closed(ChatSocket socket) {
        open.remove(socket);
    }
}
