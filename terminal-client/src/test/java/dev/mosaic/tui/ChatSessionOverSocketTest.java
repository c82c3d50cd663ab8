package dev.mosaic.tui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The public API end to end over a real WebSocket, against {@link ScriptedGateway}. */
class ChatSessionOverSocketTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private ScriptedGateway gateway;
    private ChatSession session;
    private final List<String> deltas = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        gateway = new ScriptedGateway();
        session = ChatSession.connect(gateway.url(), ScriptedGateway.TOKEN, TIMEOUT, new ChatSession.Events() {
            @Override
            public void onDelta(ServerFrame.MessageDelta delta) {
                deltas.add(delta.text());
            }
        });
    }

    @AfterEach
    void stop() throws Exception {
        session.close();
        gateway.close();
    }

    @Test
    void chatsResumesAndRunsCommands() throws Exception {
        assertEquals("u-1", session.ready().userId());

        Reply first = get(session.send("hello"));
        assertEquals("Hello, world", first.text());
        assertEquals("greeting back", first.thinking());
        assertTrue(first.simulated());
        assertEquals("complete", first.status());
        assertEquals(new Usage(12, 3, 0), first.usage());
        assertEquals(List.of("greeting back", "Hello, ", "world"), deltas);
        String conversation = first.conversationId();
        assertEquals(Optional.of(conversation), session.currentConversationId());

        Reply second = get(session.send("again"));
        assertEquals(conversation, second.conversationId());

        assertEquals("2 messages in " + conversation, get(session.command("/history")).text());
        GatewayException unknown = failure(session.command("/bogus"), GatewayException.class);
        assertEquals("unknown_command", unknown.code());

        ServerFrame.History history = get(session.open(ScriptedGateway.KNOWN_CONVERSATION));
        assertEquals("Hello again", history.messages().get(1).text());
        assertEquals(Optional.of(ScriptedGateway.KNOWN_CONVERSATION), session.currentConversationId());
        assertEquals("not_found", failure(session.open("c-unknown"), GatewayException.class).code());
        assertEquals(Optional.of(ScriptedGateway.KNOWN_CONVERSATION), session.currentConversationId());
    }

    @Test
    void aPartialReplyCarriesItsError() throws Exception {
        Reply reply = get(session.send("please #fail"));
        assertTrue(reply.isPartial());
        assertEquals("Hello, ", reply.text());
        assertEquals(new GatewayError("provider_timeout", "no data for 60 s"), reply.error());
        get(session.ping()); // the trailing error frame has arrived by now, and was not an error for anyone
        assertTrue(session.isOpen());
    }

    @Test
    void abortStopsAReplyAsItStreams() throws Exception {
        CompletableFuture<Reply> reply = session.send("tell me a long story #wait");
        // Right away, before the reply has even started: the session holds the abort until it has.
        get(session.abort());
        Reply stopped = get(reply);
        assertEquals("aborted", stopped.stopReason());
        assertEquals("aborted", stopped.error().code());

        assertEquals("no_reply_in_progress", failure(session.abort(), GatewayException.class).code());
    }

    @Test
    void futuresMayBlockInTheirCallbacks() throws Exception {
        // Completing on the connection's thread would deadlock here: the callback waits for frames.
        String chained = session.send("one").thenApply(first -> session.send("two").join().text()).get(5,
                TimeUnit.SECONDS);
        assertEquals("Hello, world", chained);
    }

    @Test
    void aRejectedTokenFailsTheConnect() {
        GatewayConnectException failure = assertThrows(GatewayConnectException.class,
                () -> ChatSession.connect(gateway.url(), "mosaic_wrong", TIMEOUT));
        assertEquals(401, failure.httpStatus());
        assertEquals("unauthorized", failure.error().code());
        assertEquals("the gateway rejected the token: unknown token (unauthorized)", failure.getMessage());
    }

    @Test
    void closingFailsWhatIsStillWaiting() throws Exception {
        CompletableFuture<Reply> reply = session.send("story #wait");
        session.close();
        ConnectionClosedException failure = failure(reply, ConnectionClosedException.class);
        assertEquals(CloseReason.NORMAL, failure.closeReason().statusCode());
        assertFalse(session.isOpen());
    }

    private static <T> T get(CompletableFuture<T> future) throws Exception {
        return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static <T extends Throwable> T failure(CompletableFuture<?> future, Class<T> type) {
        ExecutionException thrown = assertThrows(ExecutionException.class,
                () -> future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
        return assertInstanceOf(type, thrown.getCause());
    }
}
