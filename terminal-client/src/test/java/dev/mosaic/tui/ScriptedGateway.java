package dev.mosaic.tui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in for the gateway that speaks the protocol the way the real one does (inline answers in
 * order, replies on a thread of their own, 401 with a JSON body for a bad token), with canned
 * answers: every reply is simulated and says "Hello, world". A message containing {@code #wait}
 * streams one delta and then waits for {@code message:abort}; one containing {@code #fail} ends
 * partial with {@code provider_timeout}; one containing {@code #hang} streams one delta and then
 * nothing, whatever the client sends; one containing {@code #drop} makes the gateway drop the
 * connection without a close handshake; one containing {@code #compact} is preceded by a
 * {@code context:compacted} with a checkpoint, one containing {@code #lost} by one without; one
 * containing {@code #revoke} revokes the token, which the gateway then answers as the real one
 * does: with {@code token_revoked}, and a close (1008). {@link #revoked} revokes it from outside;
 * a connection with a revoked token gets a 401.
 *
 * <p>On the same port it answers the REST calls the client makes: {@code GET /api/conversations}
 * lists {@link #KNOWN_CONVERSATION} and an untitled one that no longer exists, and
 * {@code GET /api/conversations/search} finds nothing for a query containing {@code nothing}, 37
 * messages (10 on the first page) for one containing {@code many}, refuses one over 256 characters
 * with {@code invalid_input}, does not answer one containing {@code slow} until it is closed, and
 * otherwise finds two messages in {@link #KNOWN_CONVERSATION}. {@code GET /api/providers/health}
 * reports openai {@code UP}, anthropic {@code DOWN} and ollama not probed yet;
 * {@code GET /api/providers} holds the user's key for anthropic; {@code GET /api/models} lists two
 * anthropic models, one openai model and one ollama model. {@link #failCatalog} makes the last two
 * fail with a 503. The {@code /model} command says which model answers and why.
 *
 * <p>OAuth: {@code POST /api/providers/{anthropic,openai}/oauth} starts a login with
 * {@link #OAUTH_STATE}, sending the browser back to {@link #oauthRedirect}; other providers get
 * {@code invalid_input}. {@code POST …/oauth/complete} answers a credential expiring at
 * {@link #oauthExpiresAt} unless the code or pasted text contains {@code expired} ({@code 404
 * not_found}) or {@code refused} ({@code 422 provider_authentication}); {@link #oauthCompletions}
 * holds the bodies it got.
 */
final class ScriptedGateway implements AutoCloseable {

    static final String TOKEN = "mosaic_good";
    static final String KNOWN_CONVERSATION = "0b7f7f3e-1111-4222-8333-444455556666";
    static final String GONE_CONVERSATION = "0b7f7f3e-9999-4222-8333-444455556666";
    static final String OAUTH_STATE = "st-4f1c";
    static final String AUTHORIZATION_URL = "https://auth.example/oauth/authorize?client_id=mosaic&state=" + OAUTH_STATE;

    private static final ObjectMapper JSON = new ObjectMapper();
    private final FakeGateway server;
    private final Map<String, CountDownLatch> aborts = new ConcurrentHashMap<>();
    private final Set<String> conversations = ConcurrentHashMap.newKeySet();
    private final Queue<JsonNode> received = new ConcurrentLinkedQueue<>();
    private final Queue<String> apiRequests = new ConcurrentLinkedQueue<>();
    private final CountDownLatch closing = new CountDownLatch(1);
    /** Whether {@link #TOKEN} was revoked. */
    volatile boolean revoked;
    /** Whether {@code GET /api/models} and {@code GET /api/providers} fail with a 503. */
    volatile boolean failCatalog;
    /** Where an OAuth login sends the browser back to: by default not this machine, so the user pastes. */
    volatile String oauthRedirect = "https://console.example/oauth/code/callback";
    volatile Instant oauthExpiresAt = Instant.parse("2026-11-22T06:12:00Z");
    private final Queue<JsonNode> oauthCompletions = new ConcurrentLinkedQueue<>();

    ScriptedGateway() throws IOException {
        server = new FakeGateway(this::serve);
    }

    URI url() {
        return server.url();
    }

    /** Every frame clients sent, in order. */
    List<JsonNode> received() {
        return List.copyOf(received);
    }

    /** The bodies of the {@code …/oauth/complete} calls, in order. */
    List<JsonNode> oauthCompletions() {
        return List.copyOf(oauthCompletions);
    }

    /** The REST calls made: the decoded path and query of each. */
    List<String> apiRequests() {
        return List.copyOf(apiRequests);
    }

    @Override
    public void close() throws IOException {
        closing.countDown();
        server.close();
    }

    private void serve(FakeGateway.Connection connection) {
        try {
            if (!("Bearer " + TOKEN).equals(connection.header("authorization"))) {
                connection.respond(401, "Unauthorized", "application/json",
                        "{\"type\":\"error\",\"code\":\"unauthorized\",\"message\":\"unknown token\"}");
                return;
            }
            if (revoked) {
                connection.respond(401, "Unauthorized", "application/json",
                        error("token_revoked", "the token was revoked; ask for a new one", null));
                return;
            }
            if (connection.requestLine().startsWith("GET /api/")) {
                api(connection, URI.create(connection.requestLine().split(" ")[1]));
                return;
            }
            if (connection.requestLine().startsWith("POST /api/")) {
                oauth(connection, URI.create(connection.requestLine().split(" ")[1]).getPath());
                return;
            }
            connection.upgrade();
            connection.sendText("{\"type\":\"ready\",\"protocolVersion\":1,\"userId\":\"u-1\",\"maxFrameBytes\":65536}");
            for (String text = connection.receive(Duration.ofSeconds(30)); text != null;
                    text = connection.receive(Duration.ofSeconds(30))) {
                JsonNode frame = JSON.readTree(text);
                received.add(frame);
                handle(connection, frame);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
                if (frame.path("text").asText().contains("#revoke")) {
                    revoked = true;
                    connection.sendText(error("token_revoked", "the token was revoked; ask for a new one", null));
                    connection.sendClose(1008, "token_revoked");
                    return;
                }
                Thread.ofVirtual().start(() -> reply(connection, frame));
            }
            case "message:abort" -> {
                CountDownLatch waiting = aborts.get(conversation);
                if (waiting == null) {
                    connection.sendText(error("no_reply_in_progress", "nothing to abort", conversation));
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
                    connection.sendText(error("not_found", "no such conversation", conversation));
                }
            }
            case "command:execute" -> {
                String command = frame.path("command").asText();
                if (command.equals("/model")) {
                    connection.sendText("{\"type\":\"command:result\",\"command\":\"model\",\"text\":\"simulator/sim-echo "
                            + "answers: no provider is configured\",\"data\":{}}");
                } else if (command.startsWith("/history")) {
                    connection.sendText("{\"type\":\"command:result\",\"command\":\"history\",\"text\":\"2 messages in "
                            + conversation + "\",\"data\":{\"messages\":2}}");
                } else {
                    connection.sendText(error("unknown_command", "unknown command '" + command + "'; try /help",
                            conversation));
                }
            }
            default -> connection.sendText(error("unknown_type", "unknown frame type", null));
        }
    }

    private void api(FakeGateway.Connection connection, URI target) throws IOException, InterruptedException {
        apiRequests.add(target.getQuery() == null ? target.getPath() : target.getPath() + "?" + target.getQuery());
        Map<String, String> query = new HashMap<>();
        for (String pair : target.getRawQuery() == null ? new String[0] : target.getRawQuery().split("&")) {
            String[] parts = pair.split("=", 2);
            query.put(parts[0], parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "");
        }
        switch (target.getPath()) {
            case "/api/conversations" -> {
                ObjectNode body = page(1, 2, 1);
                ArrayNode list = body.putArray("conversations");
                list.addObject().put("conversationId", KNOWN_CONVERSATION).put("title", "Greetings")
                        .put("createdAt", "2026-01-02T03:04:05Z").put("lastActivity", "2026-01-03T10:00:00Z")
                        .put("messages", 2).put("archived", false);
                list.addObject().put("conversationId", GONE_CONVERSATION).putNull("title")
                        .put("createdAt", "2026-01-01T00:00:00Z").put("lastActivity", "2026-01-01T00:00:01Z")
                        .put("messages", 1).put("archived", false);
                connection.respond(200, "OK", "application/json", body.toString());
            }
            case "/api/conversations/search" -> {
                String q = query.getOrDefault("q", "");
                if (q.contains("slow")) {
                    closing.await(30, TimeUnit.SECONDS);
                    return;
                }
                if (q.length() > 256) {
                    connection.respond(400, "Bad Request", "application/json", error("invalid_input",
                            "a query has at most 256 characters", null));
                    return;
                }
                boolean many = q.contains("many");
                ObjectNode body = q.contains("nothing") ? page(1, 0, 0) : many ? page(1, 37, 4) : page(1, 2, 1);
                ArrayNode results = body.putArray("results");
                if (many) {
                    for (int i = 1; i <= 10; i++) {
                        hit(results, "user", "message «many» number " + i);
                    }
                } else if (!q.contains("nothing")) {
                    hit(results, "user", "hi «there»");
                    hit(results, "assistant", "Hello\nagain, «there»");
                }
                connection.respond(200, "OK", "application/json", body.put("query", q).toString());
            }
            case "/api/providers/health" -> connection.respond(200, "OK", "application/json", """
                    {"providers":[
                      {"provider":"openai","status":"UP","latencyMs":123,"circuit":"CLOSED","lastError":null,
                       "checkedAt":"2026-01-02T03:04:05Z"},
                      {"provider":"anthropic","status":"DOWN","latencyMs":5012,"circuit":"OPEN",
                       "lastError":"connect timed out","checkedAt":"2026-01-02T03:04:05Z"},
                      {"provider":"ollama","status":"UNKNOWN","latencyMs":null,"circuit":"CLOSED","lastError":null,
                       "checkedAt":null}]}""");
            case "/api/providers" -> {
                if (failCatalog) {
                    connection.respond(503, "Service Unavailable", "application/json",
                            error("unavailable", "the key store is unavailable", null));
                    return;
                }
                connection.respond(200, "OK", "application/json", """
                        {"credentials":[{"provider":"anthropic","kind":"api_key","label":"mine","hint":"sk-ant-…x9f2",
                          "createdAt":"2026-01-01T00:00:00Z","updatedAt":"2026-01-01T00:00:00Z"}]}""");
            }
            case "/api/models" -> {
                if (failCatalog) {
                    connection.respond(503, "Service Unavailable", "application/json",
                            error("unavailable", "the catalog is being refreshed", null));
                    return;
                }
                connection.respond(200, "OK", "application/json", """
                        {"models":[
                          {"provider":"anthropic","id":"claude-sonnet-4-6","displayName":"Claude Sonnet 4.6",
                           "tier":"standard","contextWindow":200000,"maxOutput":64000,"source":"merged",
                           "capabilities":["tools","vision","reasoning","streaming"],
                           "pricePerMillionTokens":{"input":3,"output":15,"cachedInput":0.3}},
                          {"provider":"openai","id":"gpt-4o-mini","displayName":"GPT-4o mini","tier":"cheap",
                           "contextWindow":128000,"maxOutput":16384,"source":"live","capabilities":["tools","streaming"],
                           "pricePerMillionTokens":{"input":0.15,"output":0.6,"cachedInput":null}},
                          {"provider":"anthropic","id":"claude-opus-4-1","displayName":"Claude Opus 4.1",
                           "tier":"premium","contextWindow":200000,"maxOutput":32000,"source":"seed",
                           "capabilities":["tools","vision"],
                           "pricePerMillionTokens":{"input":15,"output":75,"cachedInput":1.5}},
                          {"provider":"ollama","id":"llama3.2","displayName":"Llama 3.2","tier":"local",
                           "contextWindow":null,"maxOutput":null,"source":"live","capabilities":[],
                           "pricePerMillionTokens":{"input":0,"output":0,"cachedInput":null}}]}""");
            }
            default -> connection.respond(404, "Not Found", "application/json",
                    error("not_found", "no such resource", null));
        }
    }

    private void oauth(FakeGateway.Connection connection, String path) throws IOException {
        apiRequests.add(path);
        String[] parts = path.split("/");
        String provider = parts.length > 3 ? parts[3] : "";
        if (path.endsWith("/oauth")) {
            if (!provider.equals("anthropic") && !provider.equals("openai")) {
                connection.respond(400, "Bad Request", "application/json", error("invalid_input", provider
                        + " has no OAuth login configured; OAuth is offered for anthropic, openai", null));
                return;
            }
            connection.respond(200, "OK", "application/json", JSON.createObjectNode().put("provider", provider)
                    .put("authorizationUrl", AUTHORIZATION_URL).put("redirectUri", oauthRedirect)
                    .put("state", OAUTH_STATE).put("expiresAt", oauthExpiresAt.toString()).toString());
            return;
        }
        JsonNode body = JSON.readTree(connection.body());
        oauthCompletions.add(body);
        String answer = body.path("code").asText("") + body.path("response").asText("");
        if (!OAUTH_STATE.equals(body.path("state").asText()) || answer.contains("expired")) {
            connection.respond(404, "Not Found", "application/json",
                    error("not_found", "no login in progress for this state; start again", null));
        } else if (answer.contains("refused")) {
            connection.respond(422, "Unprocessable Content", "application/json",
                    error("provider_authentication", "invalid_grant: the code was already used", null));
        } else {
            connection.respond(200, "OK", "application/json", JSON.createObjectNode().put("provider", provider)
                    .put("kind", "oauth").put("label", "claude.ai").put("hint", "sk-ant-oat…Qx7w").putNull("baseUrl")
                    .put("createdAt", "2026-11-22T05:12:00Z").put("updatedAt", "2026-11-22T05:12:00Z")
                    .put("expiresAt", oauthExpiresAt.toString()).toString());
        }
    }

    private static ObjectNode page(int page, int total, int pages) {
        return JSON.createObjectNode().put("page", page).put("pageSize", 10).put("total", total).put("pages", pages);
    }

    private static void hit(ArrayNode results, String role, String snippet) {
        results.addObject().put("conversationId", KNOWN_CONVERSATION).put("conversationTitle", "Greetings")
                .put("messageId", "m-" + results.size()).put("role", role).put("createdAt", "2026-01-02T03:04:05Z")
                .put("snippet", snippet).put("rank", 0.5);
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
            if (text.contains("#compact") || text.contains("#lost")) {
                boolean summarized = text.contains("#compact");
                connection.sendText(frame("context:compacted", conversation).put("summarized", summarized)
                        .put("messagesCovered", 12).put("tokensBefore", 2140).put("tokensAfter", 820)
                        .put("contextWindow", 8192).put("summarizerModel", "sim-echo")
                        .put("note", summarized ? "a checkpoint now summarizes the 12 oldest messages"
                                : "the summarizer was unavailable, so the oldest messages were left out of the context")
                        .toString());
            }
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

    private static String error(String code, String message, String conversation) {
        ObjectNode node = JSON.createObjectNode().put("type", "error").put("code", code).put("message", message);
        if (conversation != null) {
            node.put("conversationId", conversation);
        }
        return node.toString();
    }
}
