package dev.mosaic.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.models.chat.completions.ChatCompletion;
import dev.mosaic.application.port.in.ManageAccountsUseCase;
import dev.mosaic.simulator.Reply;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One conversation open on clients of two gateway instances sharing one database and Redis: each
 * client sees what the other's messages cause, live, and a client that opens it mid-answer gets the
 * text so far and then the rest. And what one instance caches of a user (its tokens too) follows a
 * change made on the other, or from the command line.
 */
class LiveConversationEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static GatewayHarness harness;
    private static Gateway second;

    @BeforeAll
    static void start() {
        harness = GatewayHarness.start();
        second = harness.startAnother();
    }

    @AfterAll
    static void stop() {
        second.close();
        harness.close();
    }

    private static String send(String text, String conversation, String requestId) throws Exception {
        Map<String, String> frame = new HashMap<>(Map.of("type", "message:send", "text", text, "requestId", requestId));
        if (conversation != null) {
            frame.put("conversationId", conversation);
        }
        return JSON.writeValueAsString(frame);
    }

    private static String open(String conversation) throws Exception {
        return JSON.writeValueAsString(Map.of("type", "conversation:open", "conversationId", conversation));
    }

    /** The frames of one exchange, up to its last message:end. */
    private static List<JsonNode> exchange(RawSocket socket) throws Exception {
        List<JsonNode> frames = new ArrayList<>();
        while (true) {
            JsonNode frame = socket.next();
            assertFalse(frame.path("type").asText().equals("error"), () -> "the gateway answered " + frame);
            frames.add(frame);
            if (frame.path("type").asText().equals("message:end") && !frame.path("continues").asBoolean()) {
                return frames;
            }
        }
    }

    private static String text(List<JsonNode> frames) {
        StringBuilder text = new StringBuilder();
        frames.stream().filter(f -> f.path("type").asText().equals("message:delta") && f.path("kind").asText().equals("text"))
                .forEach(f -> text.append(f.path("text").asText()));
        return text.toString();
    }

    private static String conversationOf(RawSocket socket, String text) throws Exception {
        socket.send(send(text, null, "first"));
        return exchange(socket).getLast().path("conversationId").asText();
    }

    @Test
    void aClientOnAnotherInstanceSeesTheMessageAndEveryFrameOfItsReplyInOrder() throws Exception {
        String token = harness.newUser();
        try (RawSocket a = new RawSocket(harness.webSocket(), token);
                RawSocket b = new RawSocket(second.webSocketUri(), token)) {
            a.next("ready");
            b.next("ready");
            String conversation = conversationOf(a, "Hello there");
            b.send(open(conversation));
            JsonNode history = b.next("conversation:history");
            assertEquals(2, history.path("messages").size());

            a.send(send("What did I just say?", conversation, "r2"));
            List<JsonNode> sent = exchange(a);
            List<JsonNode> watched = exchange(b);

            assertEquals(sent, watched, "the watcher gets the very frames the sender gets, in the same order");
            JsonNode stored = watched.stream().filter(f -> f.path("type").asText().equals("message:stored")).findFirst()
                    .orElseThrow();
            assertEquals("What did I just say?", stored.path("text").asText(), "the message sent elsewhere is shown");
            assertTrue(text(watched).length() > 0);

            b.send(send("And now from here", conversation, "r3"));
            List<JsonNode> fromB = exchange(b);
            assertEquals(fromB, exchange(a), "and the other way round, once a has sent in it");
        }
    }

    @Test
    void aTokenRevokedOnTheOtherInstanceOrFromTheCommandLineIsRefusedOnTheOpenSocketOnceAnnounced() throws Exception {
        ManageAccountsUseCase.NewUser user = harness.newUserWithToken();
        String username = user.user().username();
        ManageAccountsUseCase.IssuedToken laptop = harness.gateway().accounts().issueToken(username, "laptop", null);
        try (RawSocket first = new RawSocket(second.webSocketUri(), user.token().secret());
                RawSocket other = new RawSocket(second.webSocketUri(), laptop.secret())) {
            first.next("ready");
            other.next("ready");
            // Both tokens are now cached by the second instance, which reads them from storage no more.
            ping(first);
            ping(other);

            assertTrue(harness.gateway().accounts().revokeToken(user.user().id(), user.token().token().id()));
            assertEquals("token_revoked", refusal(first));
            assertEquals("1008 token_revoked", first.closeStatus());
            ping(other);

            ByteArrayOutputStream printed = new ByteArrayOutputStream();
            assertEquals(0, Main.run(List.of("token", "revoke", username, laptop.token().id().toString()),
                    GatewayHarness.testStores(), new PrintStream(printed, true, StandardCharsets.UTF_8)));
            assertEquals("token_revoked", refusal(other));
            assertEquals("1008 token_revoked", other.closeStatus());
        }
    }

    private static void ping(RawSocket socket) throws Exception {
        socket.send("{\"type\":\"ping\"}");
        socket.next("pong");
    }

    /**
     * The error code the socket's first refused frame gets. The revocation reaches the other instance
     * over Redis, so a ping may still be answered while it travels; never, though, for ten seconds.
     */
    private static String refusal(RawSocket socket) throws Exception {
        long until = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < until) {
            socket.send("{\"type\":\"ping\"}");
            JsonNode answer = socket.next();
            if (answer.path("type").asText().equals("error")) {
                return answer.path("code").asText();
            }
            assertEquals("pong", answer.path("type").asText());
            Thread.sleep(20);
        }
        throw new AssertionError("the revoked token was still accepted after ten seconds");
    }

    @Test
    void aPreferenceSetOnOneInstanceReachesTheNextMessageOnTheOtherThoughItHadCachedNone() throws Exception {
        String token = harness.newUser();
        try (RawSocket b = new RawSocket(second.webSocketUri(), token)) {
            b.next("ready");
            String conversation = conversationOf(b, "Hello");
            b.send(send("Hello again", conversation, "r2"));
            assertTrue(exchange(b).stream().noneMatch(f -> f.path("type").asText().equals("context:memory")),
                    "no memory yet, and the instance now holds that");

            assertEquals(200, harness.send("PUT", "/api/memory/preferences/language", token,
                    JSON.writeValueAsString(Map.of("value", "answer in German"))).status());
            // The other instance hears of the change over Redis; a message may come first while it travels.
            long until = System.nanoTime() + 10_000_000_000L;
            JsonNode memory = null;
            for (int round = 3; memory == null && System.nanoTime() < until; round++) {
                b.send(send("And once more", conversation, "r" + round));
                memory = exchange(b).stream().filter(f -> f.path("type").asText().equals("context:memory")).findFirst()
                        .orElse(null);
            }
            assertTrue(memory != null, "the preference never reached the other instance's messages");
            assertEquals("language", memory.path("preferences").get(0).asText());
        }
    }

    @Test
    void aClientThatOpensTheConversationMidAnswerGetsTheTextSoFarThenTheRestEachPieceOnce() throws Exception {
        String token = harness.newUser();
        try (RawSocket a = new RawSocket(harness.webSocket(), token);
                RawSocket b = new RawSocket(second.webSocketUri(), token)) {
            a.next("ready");
            b.next("ready");
            String conversation = conversationOf(a, "Hello");
            a.send(send("#sim:slow tell me a long story about watching", conversation, "slow"));
            List<JsonNode> sent = new ArrayList<>();
            String reply = null;
            for (int deltas = 0; deltas < 3; ) {
                JsonNode frame = a.next();
                sent.add(frame);
                if (frame.path("type").asText().equals("message:delta")) {
                    reply = frame.path("messageId").asText();
                    deltas++;
                }
            }

            b.send(open(conversation));
            JsonNode history = b.next("conversation:history");
            assertTrue(history.path("replyInProgress").asBoolean(), "b opened it while the reply was being written");
            JsonNode start = b.next();
            assertEquals("message:start", start.path("type").asText(), "the catch-up starts with the reply's start");
            assertEquals(reply, start.path("messageId").asText());
            List<JsonNode> watched = new ArrayList<>(List.of(start));
            watched.addAll(exchange(b));
            List<JsonNode> rest = exchange(a);

            String whole = text(sent) + text(rest);
            assertEquals(whole, text(watched), "b's text is a's: what it missed, then the rest, each piece once");
            assertEquals(rest.getLast(), watched.getLast(), "and the same end");
        }
    }

    @Test
    void anSdkRequestContinuingTheConversationIsSeenLiveByItsWatcher() throws Exception {
        String token = harness.newUser();
        try (RawSocket b = new RawSocket(second.webSocketUri(), token);
                OpenAiSdkDriver.Client sdk = OpenAiSdkDriver.client(harness, token)) {
            b.next("ready");
            harness.simulator().script(Reply.text("first answer"));
            String conversation = sdk.sdk().chat().completions().withRawResponse()
                    .create(OpenAiSdkDriver.ask(null, "one").build()).headers().values(OpenAiSdkDriver.CONVERSATION)
                    .getFirst();
            b.send(open(conversation));
            assertEquals(2, b.next("conversation:history").path("messages").size());

            harness.simulator().script(Reply.text("second answer"));
            ChatCompletion answer = sdk.sdk().chat().completions().create(OpenAiSdkDriver.ask(conversation, "one")
                    .addAssistantMessage("first answer").addUserMessage("two").build());
            List<JsonNode> watched = exchange(b);

            assertEquals("two", watched.stream().filter(f -> f.path("type").asText().equals("message:stored"))
                    .findFirst().orElseThrow().path("text").asText());
            assertEquals(answer.choices().getFirst().message().content().orElseThrow(), text(watched));
        }
    }

    @Test
    void anotherUsersClientCannotWatchTheConversationAndIsRefusedAsForAnUnknownOne() throws Exception {
        String token = harness.newUser();
        String eve = harness.newUser();
        try (RawSocket a = new RawSocket(harness.webSocket(), token);
                RawSocket e = new RawSocket(second.webSocketUri(), eve)) {
            a.next("ready");
            e.next("ready");
            String conversation = conversationOf(a, "A secret");
            e.send(open(conversation));
            JsonNode refused = e.next();
            e.send(open(UUID.randomUUID().toString()));
            JsonNode unknown = e.next();
            assertEquals("error", refused.path("type").asText());
            assertEquals(unknown.path("code"), refused.path("code"));
            assertEquals(unknown.path("message"), refused.path("message"));

            a.send(send("Another secret", conversation, "r2"));
            exchange(a);
            e.send(JSON.writeValueAsString(Map.of("type", "ping")));
            assertEquals("pong", e.next().path("type").asText(), "nothing of a's conversation reached eve");
        }
    }
}
