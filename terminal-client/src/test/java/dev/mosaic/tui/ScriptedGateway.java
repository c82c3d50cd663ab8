package dev.mosaic.tui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in for the gateway that speaks the protocol the way the real one does (inline answers in
 * order, replies on a thread of their own, 401 with a JSON body for a bad token), with canned
 * answers: every reply is simulated and says "Hello, world". A message containing {@code #wait}
 * streams one delta and then waits for {@code message:abort}; one containing {@code #fail} ends
 * partial with {@code provider_timeout}; one containing {@code #hang} streams one delta and then
 * nothing, whatever the client sends; one containing {@code #drop} makes the gateway drop the
 * connection without a close handshake.
 */
final class ScriptedGateway implements AutoCloseable {

    static final String TOKEN = "mosaic_good";
    static final String KNOWN_CONVERSATION = "0b7f7f3e-1111-4222-8333-444455556666";

    private static final ObjectMapper JSON = new ObjectMapper();
    private final FakeGateway server;
    private final Map<String, CountDownLatch> aborts = new ConcurrentHashMap<>();
    private final Set<String> conversations = ConcurrentHashMap.newKeySet();

    ScriptedGateway() throws IOException {
        server = new FakeGateway(this::serve);
    }

    URI url() {
        return server.url();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }

    private void serve(FakeGateway.Connection connection) {
        try {
            if (!("Bearer " + TOKEN).equals(connection.header("authorization"))) {
                connection.refuse(401, "Unauthorized", "application/json",
                        "{\"type\":\"error\",\"code\":\"unauthorized\",\"message\":\"unknown token\"}");
                return;
            }
            connection.upgrade();
            connection.sendText("{\"type\":\"ready\",\"protocolVersion\":1,\"userId\":\"u-1\",\"maxFrameBytes\":65536}");
            for (String text = connection.receive(Duration.ofSeconds(30)); text != null;
                    text = connection.receive(Duration.ofSeconds(30))) {
                handle(connection, JSON.readTree(text));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void handle(FakeGateway.Connection connection, JsonNode frame) throws IOException {
        String conversation = frame.path("conversationId").asText(null);
        switch (frame.path("type").asText()) {
            case "ping" -> connection.sendText("{\"type\":\"pong\"}");
            case "message:send" -> {
                if (frame.path("text").asText().contains("#drop")) {
                    connection.drop();
                    return;
                }
                Thread.ofVirtual().start(() -> reply(connection, frame));
            }
            case "message:abort" -> {
                CountDownLatch waiting = aborts.get(conversation);
                if (waiting == null) {
                    connection.sendText(error("no_reply_in_progress", "nothing to abort", null, conversation));
                } else {
                    waiting.countDown();
                }
            }
            case "conversation:open" -> {
                if (KNOWN_CONVERSATION.equals(conversation)) {
                    connection.sendText("""
                            {"type":"conversation:history","conversationId":"%s","title":"Greetings",
                             "replyInProgress":false,"messages":[
                              {"id":"m1","role":"user","status":"complete","content":[{"type":"text","text":"hi there"}]},
                              {"id":"m2","role":"assistant","status":"complete","content":[{"type":"text","text":"Hello again"}],
                               "provider":"simulator","model":"sim-echo","stopReason":"end_turn"}]}"""
                            .formatted(conversation).replace("\n", ""));
                } else if (conversations.contains(conversation)) {
                    connection.sendText("{\"type\":\"conversation:history\",\"conversationId\":\"" + conversation
                            + "\",\"replyInProgress\":false,\"messages\":[]}");
                } else {
                    connection.sendText(error("not_found", "no such conversation", null, conversation));
                }
            }
            case "command:execute" -> {
                String command = frame.path("command").asText();
                if (command.startsWith("/history")) {
                    connection.sendText("{\"type\":\"command:result\",\"command\":\"history\",\"text\":\"2 messages in "
                            + conversation + "\",\"data\":{\"messages\":2}}");
                } else {
                    connection.sendText(error("unknown_command", "unknown command '" + command + "'; try /help", null,
                            conversation));
                }
            }
            default -> connection.sendText(error("unknown_type", "unknown frame type", null, null));
        }
    }

    private void reply(FakeGateway.Connection connection, JsonNode send) {
        String requestId = send.path("requestId").asText(null);
        String conversation = send.hasNonNull("conversationId") ? send.get("conversationId").asText()
                : UUID.randomUUID().toString();
        String text = send.path("text").asText();
        conversations.add(conversation);
        try {
            connection.sendText(frame("session:info", conversation).put("provider", "simulator").put("model", "sim-echo")
                    .put("reason", "no provider is configured").put("simulated", true).put("contextWindow", 32768)
                    .toString());
            connection.sendText(frame("message:stored", conversation).put("messageId", "u-" + requestId)
                    .put("requestId", requestId).toString());
            connection.sendText(frame("message:start", conversation).put("messageId", "a-" + requestId)
                    .put("provider", "simulator").put("model", "sim-echo").toString());
            connection.sendText(delta(conversation, requestId, "thinking", "greeting back"));
            connection.sendText(delta(conversation, requestId, "text", "Hello, "));
            String status = "complete";
            String stop = "end_turn";
            ObjectNode error = null;
            if (text.contains("#hang")) {
                new CountDownLatch(1).await(30, TimeUnit.SECONDS);
                return;
            }
            if (text.contains("#wait")) {
                CountDownLatch abort = new CountDownLatch(1);
                aborts.put(conversation, abort);
                try {
                    abort.await(30, TimeUnit.SECONDS);
                } finally {
                    aborts.remove(conversation);
                }
                status = "partial";
                stop = "aborted";
                error = JSON.createObjectNode().put("code", "aborted").put("message", "the reply was stopped");
            } else if (text.contains("#fail")) {
                status = "partial";
                stop = "error";
                error = JSON.createObjectNode().put("code", "provider_timeout").put("message", "no data for 60 s");
            } else {
                connection.sendText(delta(conversation, requestId, "text", "world"));
            }
            ObjectNode end = frame("message:end", conversation).put("messageId", "a-" + requestId).put("status", status)
                    .put("stopReason", stop).put("provider", "simulator").put("model", "sim-echo");
            end.putObject("usage").put("inputTokens", 12).put("outputTokens", 3).put("cachedInputTokens", 0);
            end.putObject("timing").put("timeToFirstTokenMs", 42).put("durationMs", 1500);
            if (error != null) {
                end.set("error", error);
            }
            connection.sendText(end.toString());
            if (error != null) {
                // Like the real gateway: a partial reply is followed by an error naming the request.
                connection.sendText(error(error.get("code").asText(), error.get("message").asText(), requestId,
                        conversation));
            }
        } catch (IOException | InterruptedException e) {
            // the client went away
        }
    }

    private static ObjectNode frame(String type, String conversation) {
        return JSON.createObjectNode().put("type", type).put("conversationId", conversation);
    }

    private static String delta(String conversation, String requestId, String kind, String text) {
        return frame("message:delta", conversation).put("messageId", "a-" + requestId).put("kind", kind)
                .put("text", text).toString();
    }

    private static String error(String code, String message, String requestId, String conversation) {
        ObjectNode node = JSON.createObjectNode().put("type", "error").put("code", code).put("message", message);
        if (requestId != null) {
            node.put("requestId", requestId);
        }
        if (conversation != null) {
            node.put("conversationId", conversation);
        }
        return node.toString();
    }
}
