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
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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
 * <p>Tools: {@code tools:offer} is answered with {@code tools:offered}, refusing {@link #refusedTool}
 * when set. A message containing {@code #tool} is answered by agent {@link #AGENT} in two steps: the
 * model asks for a tool ({@code message:end} with {@code continues}), the gateway has the client run
 * it ({@code tool:start}, {@code tool:call}, waiting for the {@code tool:result}, {@code tool:end}),
 * and the second message says "The tool said: " and the result. The tool is {@code read_file} of
 * {@code README.md}, or, for {@code #write}, {@code write_file} of {@code notes.md}, or, for
 * {@code #rogue}, {@code delete_everything}, which the client never offers. {@code #steps} runs a
 * gateway tool and then ends with {@code tool_step_limit} instead of a second message. A
 * {@code tool:result} nobody waits for gets {@code unknown_tool_call}; {@link #toolResults} holds those
 * that were waited for.
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
 *
 * <p>Agents: {@code GET /api/agents} lists the gateway's {@code coding-agent} (tools
 * {@code current_time}, {@code read_file}); {@code POST /api/agents} creates the agent it is sent
 * (version 1), unless its name holds a capital letter or its system prompt is empty ({@code 400
 * invalid_input} naming the field); {@link #createdAgents} holds the bodies it got.
 * {@code GET /api/conversations/{id}/metrics} answers {@link #metrics} for any id but
 * {@link #GONE_CONVERSATION} ({@code 404}).
 */
final class ScriptedGateway implements AutoCloseable {

    static final String TOKEN = "mosaic_good";
    static final String KNOWN_CONVERSATION = "0b7f7f3e-1111-4222-8333-444455556666";
    static final String GONE_CONVERSATION = "0b7f7f3e-9999-4222-8333-444455556666";
    static final String OAUTH_STATE = "st-4f1c";
    static final String AUTHORIZATION_URL = "https://auth.example/oauth/authorize?client_id=mosaic&state=" + OAUTH_STATE;
    static final String AGENT = "coding-agent";

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
    /** A tool the gateway refuses when offered, with the reason; null: it takes them all. */
    volatile String refusedTool;
    private final Map<String, CompletableFuture<JsonNode>> toolCalls = new ConcurrentHashMap<>();
    private final Queue<JsonNode> toolResults = new ConcurrentLinkedQueue<>();
    private final Queue<JsonNode> createdAgents = new ConcurrentLinkedQueue<>();
    /** What {@code GET /api/conversations/{id}/metrics} answers, with the id put in. */
    volatile String metrics = """
            {"turns":4,"tokens":{"input":12345,"output":678,"cached":9000},"costUsd":0.0123,"costComplete":true,
             "modelSwitches":1,"agentSwitches":0,"toolCalls":3,"activeDurationMs":75400}""";

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

    /** The {@code tool:result} frames that answered a call, in order. */
    List<JsonNode> toolResults() {
        return List.copyOf(toolResults);
    }

    /** The bodies of the {@code POST /api/agents} calls, in order. */
    List<JsonNode> createdAgents() {
        return List.copyOf(createdAgents);
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
            if (connection.requestLine().startsWith("POST /api/agents ")) {
                createAgent(connection);
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
            case "tools:offer" -> {
                ObjectNode offered = JSON.createObjectNode().put("type", "tools:offered");
                ArrayNode accepted = offered.putArray("accepted");
                ArrayNode refused = offered.putArray("refused");
                for (JsonNode tool : frame.path("tools")) {
                    String name = tool.path("name").asText();
                    if (name.equals(refusedTool)) {
                        refused.addObject().put("name", name).put("reason", "the gateway has a tool of that name");
                    } else {
                        accepted.add(name);
                    }
                }
                connection.sendText(offered.toString());
            }
            case "tool:result" -> {
                CompletableFuture<JsonNode> waiting = toolCalls.remove(frame.path("callId").asText());
                if (waiting == null) {
                    connection.sendText(error("unknown_tool_call", "no tool call " + frame.path("callId").asText()
                            + " waits for a result", null));
                } else {
                    toolResults.add(frame);
                    waiting.complete(frame);
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
        if (target.getPath().matches("/api/conversations/[^/]+/metrics")) {
            String id = target.getPath().split("/")[3];
            if (id.equals(GONE_CONVERSATION)) {
                connection.respond(404, "Not Found", "application/json", error("not_found", "no such conversation", null));
            } else {
                connection.respond(200, "OK", "application/json",
                        ((ObjectNode) JSON.readTree(metrics)).put("conversationId", id).toString());
            }
            return;
        }
        switch (target.getPath()) {
            case "/api/agents" -> connection.respond(200, "OK", "application/json", """
                    {"agents":[{"id":"a-1","name":"coding-agent","description":"writes code","owner":"system",
                      "version":1,"defaultModel":null,"tools":["current_time","read_file"],"editable":false}]}""");
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

    private void createAgent(FakeGateway.Connection connection) throws IOException {
        apiRequests.add("POST /api/agents");
        JsonNode body = JSON.readTree(connection.body());
        createdAgents.add(body);
        String name = body.path("name").asText();
        if (!name.equals(name.toLowerCase(Locale.ROOT))) {
            connection.respond(400, "Bad Request", "application/json", error("invalid_input",
                    "name must be 1-64 lower-case letters, digits, '-' or '_', starting with a letter", null));
        } else if (body.path("systemPrompt").asText().isBlank()) {
            connection.respond(400, "Bad Request", "application/json", error("invalid_input",
                    "systemPrompt must not be empty: it is what makes the agent what it is", null));
        } else {
            ObjectNode agent = JSON.createObjectNode().put("id", "a-2").put("name", name)
                    .put("description", body.path("description").asText()).put("owner", "user").put("version", 1);
            agent.set("defaultModel", body.path("defaultModel"));
            agent.set("tools", body.path("tools"));
            connection.respond(201, "Created", "application/json", agent.put("editable", true).toString());
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
            boolean tools = text.contains("#tool") || text.contains("#steps");
            ObjectNode info = frame("session:info", conversation).put("provider", "simulator").put("model", "sim-echo")
                    .put("reason", "no provider is configured").put("simulated", true).put("contextWindow", 32768);
            if (tools) {
                info.putObject("agent").put("id", "a-1").put("name", AGENT).put("version", 1);
            }
            connection.sendText(info.toString());
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
            if (tools) {
                toolExchange(connection, conversation, requestId, text);
                return;
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

    /** A reply in two steps with a tool between them, as the gateway runs a tool loop. */
    private void toolExchange(FakeGateway.Connection connection, String conversation, String requestId, String text)
            throws IOException, InterruptedException {
        String name = text.contains("#steps") ? "current_time" : text.contains("#write") ? "write_file"
                : text.contains("#rogue") ? "delete_everything" : "read_file";
        String arguments = switch (name) {
            case "write_file" -> "{\"path\":\"notes.md\",\"content\":\"hi\\n\"}";
            case "read_file" -> "{\"path\":\"README.md\"}";
            default -> "{}";
        };
        String callId = "t-" + requestId;
        String first = "a-" + requestId;
        connection.sendText(frame("message:start", conversation).put("messageId", first).put("provider", "simulator")
                .put("model", "sim-echo").toString());
        connection.sendText(frame("message:delta", conversation).put("messageId", first).put("kind", "text")
                .put("text", "Let me look.").toString());
        connection.sendText(frame("message:delta", conversation).put("messageId", first).put("kind", "tool_call")
                .put("toolCallIndex", 0).put("toolCallId", callId).put("toolName", name).put("text", arguments)
                .toString());
        connection.sendText(end(conversation, first, "tool_use").put("continues", true).toString());
        boolean onClient = !name.equals("current_time");
        connection.sendText(frame("tool:start", conversation).put("messageId", first).put("callId", callId)
                .put("name", name).put("arguments", arguments).put("runsOn", onClient ? "client" : "gateway")
                .toString());
        String result = "2026-12-03T12:00:00Z (Thursday)";
        boolean failed = false;
        if (onClient) {
            CompletableFuture<JsonNode> answer = new CompletableFuture<>();
            toolCalls.put(callId, answer);
            connection.sendText(frame("tool:call", conversation).put("callId", callId).put("name", name)
                    .put("arguments", arguments).toString());
            JsonNode frame;
            try {
                frame = answer.get(30, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                return;
            }
            result = frame.path("content").asText();
            failed = frame.path("isError").asBoolean(false);
        }
        connection.sendText(frame("tool:end", conversation).put("callId", callId).put("name", name)
                .put("isError", failed).put("summary", result).put("durationMs", 5).toString());
        if (text.contains("#steps")) {
            // As the gateway does: the next step asks for a tool again, which is not run.
            String last = "b-" + requestId;
            connection.sendText(frame("message:start", conversation).put("messageId", last).put("provider", "simulator")
                    .put("model", "sim-echo").toString());
            connection.sendText(error("tool_step_limit", "the agent may take 1 tool step per message", conversation));
            connection.sendText(end(conversation, last, "tool_use").toString());
            return;
        }
        String second = "b-" + requestId;
        connection.sendText(frame("message:start", conversation).put("messageId", second).put("provider", "simulator")
                .put("model", "sim-echo").toString());
        connection.sendText(frame("message:delta", conversation).put("messageId", second).put("kind", "text")
                .put("text", "The tool said: " + result).toString());
        connection.sendText(end(conversation, second, "end_turn").toString());
    }

    private static ObjectNode end(String conversation, String messageId, String stopReason) {
        ObjectNode end = frame("message:end", conversation).put("messageId", messageId).put("status", "complete")
                .put("stopReason", stopReason).put("provider", "simulator").put("model", "sim-echo");
        end.putObject("usage").put("inputTokens", 10).put("outputTokens", 2).put("cachedInputTokens", 0);
        end.putObject("timing").put("timeToFirstTokenMs", 40).put("durationMs", 500);
        return end;
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
