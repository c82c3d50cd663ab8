package dev.mosaic.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mosaic.application.port.in.ManageAccountsUseCase;
import dev.mosaic.simulator.RecordedRequest;
import dev.mosaic.simulator.Reply;
import dev.mosaic.tui.ChatSession;
import dev.mosaic.tui.GatewayConnectException;
import dev.mosaic.tui.ServerFrame;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The gateway end to end: the production wiring on a random port, real PostgreSQL and Redis, the
 * provider simulator over HTTP, and real WebSocket clients (the terminal client's session, and a
 * bare socket for malformed input).
 */
class GatewayEndToEndTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static GatewayHarness harness;

    @BeforeAll
    static void start() {
        harness = GatewayHarness.start();
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    private static ChatSession connect(String token) throws Exception {
        return ChatSession.connect(harness.webSocket(), token, TIMEOUT);
    }

    private static dev.mosaic.tui.Reply await(java.util.concurrent.CompletableFuture<dev.mosaic.tui.Reply> reply)
            throws Exception {
        return reply.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    @Test
    void aMessageStreamsBackAndTheWholeExchangeIsStored() throws Exception {
        String token = harness.newUser();
        List<ServerFrame.MessageDelta> deltas = new CopyOnWriteArrayList<>();
        try (ChatSession chat = ChatSession.connect(harness.webSocket(), token, TIMEOUT, new ChatSession.Events() {
            @Override
            public void onDelta(ServerFrame.MessageDelta delta) {
                deltas.add(delta);
            }
        })) {
            dev.mosaic.tui.Reply reply = await(chat.send("Hello there"));

            assertEquals("complete", reply.status());
            assertTrue(reply.simulated(), "the simulator's answer is labelled as such");
            assertEquals("simulator", reply.provider());
            assertTrue(reply.text().startsWith("(simulated reply) You said: \"Hello there\""), reply.text());
            assertTrue(deltas.size() > 3, "the reply arrived in pieces, not at once: " + deltas.size());
            assertTrue(reply.usage().outputTokens() > 0);

            HttpResultCheck stored = storedConversation(reply.conversationId(), token);
            assertEquals(2, stored.messages().size());
            assertEquals("Hello there", stored.messages().get(0).path("content").get(0).path("text").asText());
            JsonNode answer = stored.messages().get(1);
            assertEquals("complete", answer.path("status").asText());
            assertEquals(reply.text(), answer.path("content").get(0).path("text").asText());
            assertEquals("end_turn", answer.path("stopReason").asText());
            assertTrue(answer.path("usage").path("inputTokens").asLong() > 0);
            assertTrue(answer.path("timing").path("timeToFirstTokenMs").isNumber());
        }
    }

    private record HttpResultCheck(List<JsonNode> messages) {}

    private static HttpResultCheck storedConversation(String conversationId, String token) throws Exception {
        GatewayHarness.HttpResult result = harness.get("/api/conversations/" + conversationId, token);
        assertEquals(200, result.status(), result.body().toString());
        List<JsonNode> messages = new ArrayList<>();
        result.body().path("messages").forEach(messages::add);
        return new HttpResultCheck(messages);
    }

    @Test
    void aConversationResumedAfterARestartSendsItsWholeHistoryToTheModel() throws Exception {
        String token = harness.newUser();
        String conversation;
        try (ChatSession chat = connect(token)) {
            conversation = await(chat.send("My name is Ada.")).conversationId();
            await(chat.send("I like graphs."));
        }

        harness.restart();

        try (ChatSession chat = connect(token)) {
            ServerFrame.History history = chat.open(conversation).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            assertEquals(4, history.messages().size());
            assertEquals("My name is Ada.", history.messages().getFirst().text());

            dev.mosaic.tui.Reply reply = await(chat.send("What is my name?"));
            assertEquals(conversation, reply.conversationId());
            assertTrue(reply.text().contains("This conversation has 5 messages"), reply.text());
        }
        RecordedRequest sent = harness.chatRequests().getLast();
        List<String> contents = new ArrayList<>();
        List<String> roles = new ArrayList<>();
        sent.body().path("messages").forEach(m -> {
            roles.add(m.path("role").asText());
            contents.add(m.path("content").asText());
        });
        assertEquals(List.of("system", "user", "assistant", "user", "assistant", "user"), roles);
        assertEquals("My name is Ada.", contents.get(1));
        assertEquals("I like graphs.", contents.get(3));
        assertEquals("What is my name?", contents.get(5));
    }

    @Test
    void aReplyWhoseClientLeftStillCompletesAndIsThereOnReconnect() throws Exception {
        String token = harness.newUser();
        String[] words = new String[40];
        for (int i = 0; i < words.length; i++) {
            words[i] = "word" + i + " ";
        }
        harness.simulator().script(Reply.text(words).withTokenDelay(Duration.ofMillis(25)));
        CountDownLatch firstDelta = new CountDownLatch(1);
        String[] conversation = new String[1];
        ChatSession leaving = ChatSession.connect(harness.webSocket(), token, TIMEOUT, new ChatSession.Events() {
            @Override
            public void onSessionInfo(ServerFrame.SessionInfo info) {
                conversation[0] = info.conversationId();
            }

            @Override
            public void onDelta(ServerFrame.MessageDelta delta) {
                firstDelta.countDown();
            }
        });
        var pending = leaving.send("Tell me a long story");
        assertTrue(firstDelta.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
        leaving.close();
        assertThrows(Exception.class, () -> pending.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS),
                "the client left before the reply ended");

        try (ChatSession back = connect(token)) {
            ServerFrame.History history = null;
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (System.nanoTime() < deadline) {
                history = back.open(conversation[0]).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                if (!history.replyInProgress()) {
                    break;
                }
                Thread.sleep(100);
            }
            assertFalse(history.replyInProgress());
            var answer = history.messages().getLast();
            assertEquals("complete", answer.status());
            assertEquals(String.join("", words), answer.text());
        }
    }

    @Test
    void malformedUnknownOversizedAndBinaryFramesGetClearErrorsAndTheConnectionStaysUsable() throws Exception {
        try (RawSocket socket = new RawSocket(harness.webSocket(), harness.newUser())) {
            assertEquals("ready", socket.next().path("type").asText());

            socket.send("this is not json");
            assertEquals("bad_frame", socket.next("error").path("code").asText());

            socket.send("{\"type\":\"message:teleport\"}");
            assertEquals("unknown_type", socket.next("error").path("code").asText());

            socket.send("{\"type\":\"message:send\",\"text\":\"" + "x".repeat(5000) + "\"}");
            JsonNode tooLarge = socket.next("error");
            assertEquals("frame_too_large", tooLarge.path("code").asText());
            assertTrue(tooLarge.path("message").asText().contains("4096"));

            socket.sendBinary(new byte[] {1, 2, 3});
            assertEquals("bad_frame", socket.next("error").path("code").asText());

            socket.send("{\"type\":\"message:send\",\"text\":\"\"}");
            assertEquals("invalid_input", socket.next("error").path("code").asText());

            socket.send("{\"type\":\"ping\"}");
            assertEquals("pong", socket.next().path("type").asText());
        }
    }

    @Test
    void unknownAndForeignConversationsAreNotFoundAndStayUntouched() throws Exception {
        String alice = harness.newUser();
        String bob = harness.newUser();
        String alicesConversation;
        try (ChatSession chat = connect(alice)) {
            alicesConversation = await(chat.send("alice's secret")).conversationId();
        }
        try (RawSocket socket = new RawSocket(harness.webSocket(), bob)) {
            socket.next("ready");
            socket.send("{\"type\":\"conversation:open\",\"conversationId\":\"" + alicesConversation + "\"}");
            assertEquals("not_found", socket.next("error").path("code").asText());
            socket.send("{\"type\":\"message:send\",\"text\":\"let me in\",\"conversationId\":\"" + alicesConversation + "\"}");
            assertEquals("not_found", socket.next("error").path("code").asText());
            socket.send("{\"type\":\"message:send\",\"text\":\"hi\",\"conversationId\":\"" + java.util.UUID.randomUUID() + "\"}");
            assertEquals("not_found", socket.next("error").path("code").asText());
            socket.send("{\"type\":\"command:execute\",\"command\":\"/history\",\"conversationId\":\"" + alicesConversation + "\"}");
            assertEquals("not_found", socket.next("error").path("code").asText());
        }
        assertEquals(404, harness.get("/api/conversations/" + alicesConversation, bob).status());
        assertEquals(2, storedConversation(alicesConversation, alice).messages().size());
    }

    @Test
    void missingUnknownExpiredAndRevokedTokensAreTurnedAway() throws Exception {
        GatewayConnectException none = assertThrows(GatewayConnectException.class, () -> connect(""));
        assertEquals(401, none.httpStatus());
        GatewayConnectException unknown = assertThrows(GatewayConnectException.class, () -> connect("mosaic_forged"));
        assertEquals(401, unknown.httpStatus());
        assertEquals("unauthorized", unknown.error().code());

        ManageAccountsUseCase.NewUser user = harness.newUserWithToken();
        String username = user.user().username();
        ManageAccountsUseCase.IssuedToken shortLived = harness.gateway().accounts().issueToken(username, "short",
                Duration.ofMillis(1));
        Thread.sleep(5);
        GatewayConnectException expired = assertThrows(GatewayConnectException.class, () -> connect(shortLived.secret()));
        assertEquals("token_expired", expired.error().code());
        assertEquals(401, harness.get("/api/conversations/" + java.util.UUID.randomUUID(), shortLived.secret()).status());

        try (RawSocket socket = new RawSocket(harness.webSocket(), user.token().secret())) {
            socket.next("ready");
            assertTrue(harness.gateway().accounts().revokeToken(user.user().id(), user.token().token().id()));
            socket.send("{\"type\":\"ping\"}");
            assertEquals("token_revoked", socket.next("error").path("code").asText());
            assertEquals("1008 token_revoked", socket.closeStatus());
        }
    }

    @Test
    void providerFailuresBeforeAndDuringTheStreamLeaveAStoredPartialReply() throws Exception {
        String token = harness.newUser();
        try (ChatSession chat = connect(token)) {
            harness.simulator().script(Reply.httpError(401,
                    "{\"error\":{\"message\":\"Incorrect API key provided\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"invalid_api_key\"}}"));
            dev.mosaic.tui.Reply before = await(chat.send("first"));
            assertEquals("partial", before.status());
            assertEquals("provider_authentication", before.error().code());

            // A 500 is worth another try, and the user never saw the failure.
            harness.simulator().clearRequests();
            harness.simulator().script(Reply.httpError(500,
                    "{\"error\":{\"message\":\"The server had an error\",\"type\":\"server_error\",\"param\":null,\"code\":null}}"));
            dev.mosaic.tui.Reply retried = await(chat.send("first, again"));
            assertEquals("complete", retried.status());
            assertEquals(2, harness.chatRequests().size());

            harness.simulator().script(Reply.text("Half ", "an ", "answer ", "never ", "ends").midStreamError(3, "boom"));
            dev.mosaic.tui.Reply during = await(chat.send("second"));
            assertEquals("partial", during.status());
            assertEquals("Half an answer ", during.text());
            assertTrue(during.error().message().contains("boom"), during.error().message());

            harness.simulator().script(Reply.text("Silence ", "follows ", "now ", "forever").hang(2));
            dev.mosaic.tui.Reply hung = await(chat.send("third"));
            assertEquals("partial", hung.status());
            assertEquals("provider_timeout", hung.error().code());
            assertEquals("Silence follows ", hung.text());

            List<JsonNode> stored = storedConversation(before.conversationId(), token).messages();
            assertEquals(8, stored.size(), "every question and every partial answer is stored");
            assertEquals("provider_authentication", stored.get(1).path("error").path("code").asText());
            assertEquals("Half an answer ", stored.get(5).path("content").get(0).path("text").asText());
            assertEquals("partial", stored.get(7).path("status").asText());
            assertEquals("provider_timeout", stored.get(7).path("error").path("code").asText());

            dev.mosaic.tui.Reply after = await(chat.send("still there?"));
            assertEquals("complete", after.status(), "the conversation goes on after failures");
        }
    }

    @Test
    void aProviderFailureIsReportedOnceInTheMessageEndOfItsReply() throws Exception {
        try (RawSocket socket = new RawSocket(harness.webSocket(), harness.newUser())) {
            socket.next("ready");
            harness.simulator().script(Reply.httpError(401,
                    "{\"error\":{\"message\":\"Incorrect API key provided\",\"type\":\"invalid_request_error\"}}"));
            socket.send("{\"type\":\"message:send\",\"text\":\"first\",\"requestId\":\"r1\"}");
            JsonNode failed = socket.next("message:end");
            assertEquals("provider_authentication", failed.path("error").path("code").asText());

            // Everything the gateway sends until the next reply ends: the failure is not repeated.
            socket.send("{\"type\":\"message:send\",\"text\":\"second\",\"requestId\":\"r2\",\"conversationId\":\""
                    + failed.path("conversationId").asText() + "\"}");
            List<String> types = new ArrayList<>();
            for (JsonNode frame = socket.next(); ; frame = socket.next()) {
                types.add(frame.path("type").asText());
                if (types.getLast().equals("message:end")) {
                    assertEquals("complete", frame.path("status").asText());
                    break;
                }
            }
            assertFalse(types.contains("error"), types.toString());
        }
    }

    /** A session whose next reply counts to eight, slowly; {@code started} is counted down at its first delta. */
    private static ChatSession countingSlowly(String token, CountDownLatch started) throws Exception {
        harness.simulator().script(Reply.text("one ", "two ", "three ", "four ", "five ", "six ", "seven ", "eight ")
                .withTokenDelay(Duration.ofMillis(300)));
        return ChatSession.connect(harness.webSocket(), token, TIMEOUT, new ChatSession.Events() {
            @Override
            public void onDelta(ServerFrame.MessageDelta delta) {
                started.countDown();
            }
        });
    }

    @Test
    void anAbortStopsTheReplyAndKeepsWhatArrived() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        try (ChatSession chat = countingSlowly(harness.newUser(), started)) {
            var pending = chat.send("count slowly");
            assertTrue(started.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
            chat.abort().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            dev.mosaic.tui.Reply reply = await(pending);
            assertEquals("partial", reply.status());
            assertEquals("aborted", reply.stopReason());
            assertTrue(reply.text().startsWith("one "));
            assertFalse(reply.text().contains("eight"));
        }
    }

    @Test
    void anAbortSentThroughAnotherInstanceStopsTheReply() throws Exception {
        String token = harness.newUser();
        CountDownLatch started = new CountDownLatch(1);
        try (Gateway second = harness.startAnother();
                ChatSession writing = countingSlowly(token, started);
                ChatSession elsewhere = ChatSession.connect(second.webSocketUri(), token, TIMEOUT)) {
            var pending = writing.send("count slowly");
            assertTrue(started.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
            elsewhere.open(writing.currentConversationId().orElseThrow()).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);

            elsewhere.abort().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);

            dev.mosaic.tui.Reply reply = await(pending);
            assertEquals("partial", reply.status());
            assertEquals("aborted", reply.stopReason());
            assertFalse(reply.text().contains("eight"), reply.text());
        }
    }

    @Test
    void historyCommandCountsTheConversation() throws Exception {
        try (ChatSession chat = connect(harness.newUser())) {
            await(chat.send("hello"));
            ServerFrame.CommandResult history = chat.command("/history").get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            assertEquals(2, ((Number) history.data().get("messages")).intValue());
            assertTrue(history.text().startsWith("2 messages"), history.text());
            var unknown = chat.command("/frobnicate");
            Exception failure = assertThrows(Exception.class, () -> unknown.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
            assertTrue(failure.getCause().getMessage().contains("unknown_command"), failure.getCause().getMessage());
        }
    }

    @Test
    void healthEndpointsReportTheServicesTheGatewayUses() throws Exception {
        GatewayHarness.HttpResult live = harness.get("/health/live", null);
        assertEquals(200, live.status());
        assertEquals("UP", live.body().path("status").asText());
        GatewayHarness.HttpResult ready = harness.get("/health/ready", null);
        assertEquals(200, ready.status());
        assertEquals("UP", ready.body().path("status").asText());
        List<String> names = new ArrayList<>();
        ready.body().path("checks").forEach(c -> names.add(c.path("name").asText()));
        assertEquals(List.of("postgres", "redis"), names);
    }
}
