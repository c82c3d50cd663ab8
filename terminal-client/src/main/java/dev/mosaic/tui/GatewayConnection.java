package dev.mosaic.tui;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.net.ssl.SSLException;

/**
 * One WebSocket to the gateway. Incoming messages are reassembled from their fragments, parsed and
 * handed to the {@link Listener} one at a time, in order, on the WebSocket's thread; then
 * {@link Listener#onClosed} is called exactly once. {@link #send} may be called from any thread.
 */
public final class GatewayConnection implements ChatSession.Transport, AutoCloseable {

    /** Receives the gateway's frames. Calls come from the WebSocket's thread: do not block in them. */
    public interface Listener {
        void onFrame(ServerFrame frame);

        /** The connection ended, whoever ended it; no frames follow. */
        void onClosed(CloseReason reason);
    }

    private static final Logger LOG = Logger.getLogger(GatewayConnection.class.getName());
    /** Far above any frame the gateway sends; only guards against running out of memory. */
    private static final int MAX_MESSAGE_CHARS = 64 * 1024 * 1024;
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(2);

    private final HttpClient http;
    private final Listener listener;
    private final Receiver receiver = new Receiver();
    private final AtomicBoolean reported = new AtomicBoolean();
    private final CompletableFuture<Void> inputClosed = new CompletableFuture<>();
    private final Object sendLock = new Object();
    private CompletableFuture<Void> lastSend = CompletableFuture.completedFuture(null);
    private volatile WebSocket socket;

    private GatewayConnection(HttpClient http, Listener listener) {
        this.http = http;
        this.listener = listener;
    }

    /**
     * Opens {@code ws(s)://host:port/v1/ws} with the bearer token, waiting at most {@code timeout}.
     *
     * @throws GatewayConnectException with a message fit for people: the gateway unreachable, the
     *     token rejected (HTTP 401, with the gateway's reason), another HTTP answer, a timeout
     */
    public static GatewayConnection connect(URI url, String token, Duration timeout, Listener listener)
            throws GatewayConnectException {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(listener, "listener");
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("ws") && !scheme.equals("wss")) {
            throw new IllegalArgumentException("not a WebSocket URL (ws:// or wss://): " + url);
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(timeout).build();
        GatewayConnection connection = new GatewayConnection(http, listener);
        CompletableFuture<WebSocket> opening = http.newWebSocketBuilder()
                .connectTimeout(timeout)
                .header("Authorization", "Bearer " + token)
                .buildAsync(url, connection.receiver);
        try {
            connection.socket = opening.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return connection;
        } catch (ExecutionException e) {
            http.shutdownNow();
            throw connectFailure(url, e.getCause());
        } catch (TimeoutException e) {
            opening.cancel(true);
            http.shutdownNow();
            throw new GatewayConnectException("timed out after " + timeout.toMillis() + " ms waiting for the gateway at "
                    + url, 0, null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            http.shutdownNow();
            throw new GatewayConnectException("interrupted while connecting to " + url, 0, null, e);
        }
    }

    /**
     * Sends a frame. The JDK's WebSocket allows one send at a time, so each send waits for the one
     * before it; the returned future completes when this frame is written. A frame that cannot be
     * written ends the connection: the gateway would otherwise wait for it forever.
     */
    @Override
    public CompletableFuture<Void> send(ClientFrame frame) {
        String text = Frames.write(frame);
        synchronized (sendLock) {
            CompletableFuture<Void> sent = lastSend
                    .handle((ok, failed) -> null) // a failed send must not block the ones after it
                    .thenCompose(ignored -> socket.sendText(text, true))
                    .thenApply(ws -> null);
            sent.whenComplete((ok, failed) -> {
                if (failed != null && isOpen()) {
                    report(new CloseReason(CloseReason.ABNORMAL, "sending failed: " + describe(unwrap(failed))));
                    terminate();
                }
            });
            lastSend = sent;
            return sent;
        }
    }

    public boolean isOpen() {
        return !reported.get();
    }

    /** Closes normally, without waiting; the listener hears {@code closed by the client}. */
    @Override
    public void close() {
        report(new CloseReason(CloseReason.NORMAL, "closed by the client"));
        WebSocket ws = socket;
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "")
                .thenCompose(sent -> inputClosed)
                .completeOnTimeout(null, CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((done, failed) -> terminate());
    }

    /** Drops the connection at once and stops the HTTP client's threads. */
    private void terminate() {
        WebSocket ws = socket;
        if (ws != null) {
            ws.abort();
        }
        http.shutdownNow();
    }

    private void report(CloseReason reason) {
        if (reported.compareAndSet(false, true)) {
            try {
                listener.onClosed(reason);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "connection listener failed on close", e);
            }
        }
    }

    /** Turns a failed opening handshake into a message that says what to do about it. */
    static GatewayConnectException connectFailure(URI url, Throwable failure) {
        return switch (unwrap(failure)) {
            case WebSocketHandshakeException handshake -> {
                HttpResponse<?> response = handshake.getResponse();
                int status = response.statusCode();
                String body = response.body() instanceof String text ? text.strip() : "";
                GatewayError error = Frames.errorBody(body);
                String detail = error != null ? describe(error) : body.isEmpty() ? "HTTP " + status : abbreviate(body);
                String message = status == 401 ? "the gateway rejected the token: " + detail
                        : "the gateway at " + url + " answered HTTP " + status + " instead of opening a WebSocket: "
                                + detail;
                yield new GatewayConnectException(message, status, error, handshake);
            }
            case HttpConnectTimeoutException timeout ->
                    new GatewayConnectException("timed out connecting to " + url, 0, null, timeout);
            case ConnectException refused -> new GatewayConnectException("could not connect to " + url
                    + " (is the gateway running?): " + describe(refused), 0, null, refused);
            case SSLException tls ->
                    new GatewayConnectException("TLS with " + url + " failed: " + describe(tls), 0, null, tls);
            default -> new GatewayConnectException("could not connect to " + url + ": " + describe(failure), 0, null,
                    failure);
        };
    }

    private static Throwable unwrap(Throwable failure) {
        while ((failure instanceof CompletionException || failure instanceof ExecutionException)
                && failure.getCause() != null) {
            failure = failure.getCause();
        }
        return failure;
    }

    private static String describe(GatewayError error) {
        return error.message() == null || error.message().isBlank() ? error.code()
                : error.message() + " (" + error.code() + ")";
    }

    private static String describe(Throwable failure) {
        String message = failure.getMessage();
        return message == null || message.isBlank() ? failure.getClass().getSimpleName() : message;
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "…";
    }

    /** The JDK calls these one at a time, asking for one message part at a time. */
    private final class Receiver implements WebSocket.Listener {
        private final StringBuilder pending = new StringBuilder();

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            if (pending.length() + data.length() > MAX_MESSAGE_CHARS) {
                pending.setLength(0);
                report(new CloseReason(1009, "the gateway sent a message over " + MAX_MESSAGE_CHARS + " characters"));
                webSocket.sendClose(1009, "message too big").whenComplete((ws, failed) -> terminate());
                return null;
            }
            pending.append(data);
            if (last) {
                String text = pending.toString();
                pending.setLength(0);
                deliver(Frames.parse(text));
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            // The protocol has no binary frames; skip any rather than fail the connection.
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            inputClosed.complete(null);
            report(new CloseReason(statusCode, reason));
            http.shutdown();
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            inputClosed.complete(null);
            report(new CloseReason(CloseReason.ABNORMAL, describe(error)));
            terminate();
        }

        private void deliver(ServerFrame frame) {
            if (!isOpen()) {
                return;
            }
            try {
                listener.onFrame(frame);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "connection listener failed on " + frame.getClass().getSimpleName(), e);
            }
        }
    }
}
