package dev.mosaic.tui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.junit.jupiter.api.io.TempDir;

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

    @Test
    void offersItsToolsRunsTheCallsAndWaitsForTheLastMessageOfTheExchange(@TempDir Path directory) throws Exception {
        Files.writeString(directory.resolve("README.md"), "# Mosaic\n");
        List<String> seen = new CopyOnWriteArrayList<>();
        try (ChatSession withTools = ChatSession.connect(gateway.url(), ScriptedGateway.TOKEN, TIMEOUT,
                new ChatSession.Events() {
                    @Override
                    public void onSessionInfo(ServerFrame.SessionInfo info) {
                        seen.add("agent " + info.agent().name() + " v" + info.agent().version());
                    }

                    @Override
                    public void onToolStart(ServerFrame.ToolStart start) {
                        seen.add("start " + start.name() + " " + start.arguments() + " on " + start.runsOn());
                    }

                    @Override
                    public void onToolEnd(ServerFrame.ToolEnd end) {
                        seen.add("end " + end.name() + " " + end.isError() + " " + end.summary());
                    }

                    @Override
                    public void onToolsOffered(ServerFrame.ToolsOffered offered) {
                        seen.add("offered " + offered.accepted());
                    }
                }, new ClientTools(directory, ClientTools.NO_ONE_TO_ASK))) {
            Reply reply = get(withTools.send("what is in the readme? #tool"));

            assertEquals("Let me look.\nThe tool said: # Mosaic\n", reply.text());
            assertEquals(List.of(new ToolCall("t-r1", "read_file", "{\"path\":\"README.md\"}")), reply.toolCalls());
            assertEquals(new Usage(20, 4, 0), reply.usage(), "both messages of the exchange count");
            assertEquals("b-r1", reply.messageId());
            assertEquals(List.of("offered [read_file, list_files, grep, write_file]", "agent coding-agent v1",
                    "start read_file {\"path\":\"README.md\"} on client", "end read_file false # Mosaic\n"), seen);
            JsonNode result = gateway.toolResults().getFirst();
            assertEquals("t-r1", result.path("callId").asText());
            assertEquals("# Mosaic\n", result.path("content").asText());
            assertFalse(result.has("isError"));
            JsonNode offer = gateway.received().stream().filter(f -> f.path("type").asText().equals("tools:offer"))
                    .findFirst().orElseThrow();
            assertEquals("object", offer.path("tools").get(0).path("parameters").path("type").asText());
        }
    }

    @Test
    void aCallForAToolItDidNotOfferGetsAnErrorResult(@TempDir Path directory) throws Exception {
        try (ChatSession withTools = ChatSession.connect(gateway.url(), ScriptedGateway.TOKEN, TIMEOUT,
                new ChatSession.Events() {}, new ClientTools(directory, ClientTools.NO_ONE_TO_ASK))) {
            Reply reply = get(withTools.send("clean up #tool #rogue"));
            assertEquals("Let me look.\nThe tool said: this client did not offer a tool named delete_everything",
                    reply.text());
            JsonNode result = gateway.toolResults().getFirst();
            assertTrue(result.path("isError").asBoolean(), result.toString());
        }
        // The session without tools refuses every call the same way.
        Reply reply = get(session.send("what is in the readme? #tool"));
        assertEquals("Let me look.\nThe tool said: this client did not offer a tool named read_file", reply.text());
    }

    @Test
    void theStepLimitEndsTheExchangeAsPartial() throws Exception {
        Reply reply = get(session.send("what time is it? #steps"));
        assertTrue(reply.isPartial());
        assertEquals(new GatewayError("tool_step_limit", "the agent may take 1 tool step per message"), reply.error());
        assertEquals("Let me look.", reply.text());
        assertEquals("tool_use", reply.stopReason());
        get(session.ping());
        assertTrue(session.isOpen());
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
