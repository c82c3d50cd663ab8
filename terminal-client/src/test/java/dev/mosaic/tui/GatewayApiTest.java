package dev.mosaic.tui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The REST client against the JDK's own HTTP server, answering in the shapes of docs/api.md. */
class GatewayApiTest {

    private static final String TOKEN = "mosaic_good";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String UNAUTHORIZED =
            "{\"type\":\"error\",\"code\":\"unauthorized\",\"message\":\"unknown token\"}";

    private record Request(String method, URI uri, String authorization, String accept, String contentType,
            String body) {
        /** The query's parameters, decoded. */
        Map<String, String> parameters() {
            Map<String, String> parameters = new LinkedHashMap<>();
            for (String pair : uri.getRawQuery().split("&")) {
                String[] parts = pair.split("=", 2);
                parameters.put(parts[0], URLDecoder.decode(parts[1], StandardCharsets.UTF_8));
            }
            return parameters;
        }
    }

    private record Answer(int status, String contentType, String body) {}

    private final Queue<Request> requests = new ConcurrentLinkedQueue<>();
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private HttpServer server;
    private GatewayApi api;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::serve);
        server.start();
        api = GatewayApi.forWebSocket(webSocketUrl(), TOKEN, Duration.ofSeconds(5));
    }

    @AfterEach
    void stop() {
        release.countDown();
        api.close();
        server.stop(0);
    }

    @Test
    void derivesTheHttpAddressFromTheWebSocketOne() {
        assertEquals(URI.create("http://gw.example:8080"), GatewayApi.baseUrl(URI.create("ws://gw.example:8080/v1/ws")));
        assertEquals(URI.create("https://gw.example"), GatewayApi.baseUrl(URI.create("wss://gw.example/v1/ws")));
        assertEquals(URI.create("https://gw.example:8443"), GatewayApi.baseUrl(URI.create("WSS://gw.example:8443/v1/ws")));
        assertEquals(URI.create("http://[::1]:9000"), GatewayApi.baseUrl(URI.create("ws://[::1]:9000/v1/ws?x=1")));
        assertThrows(IllegalArgumentException.class, () -> GatewayApi.baseUrl(URI.create("http://gw.example/v1/ws")));
        assertThrows(IllegalArgumentException.class, () -> GatewayApi.baseUrl(URI.create("ws:relative")));
        assertEquals(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), api.baseUrl());
    }

    @Test
    void listsAPageOfConversationsWithTheToken() throws Exception {
        answer("/api/conversations", 200, """
                {"page":2,"pageSize":10,"total":12,"pages":2,"conversations":[
                  {"conversationId":"c11","title":"Lisbon trip","createdAt":"2026-01-02T03:04:05Z",
                   "lastActivity":"2026-01-05T06:07:08Z","messages":14,"archived":false,"pinned":true},
                  {"conversationId":"c12","title":"Old","createdAt":"2025-12-01T00:00:00Z",
                   "lastActivity":"2025-12-01T00:00:00Z","messages":1,"archived":false}]}""");

        GatewayApi.Page<GatewayApi.ConversationSummary> page = api.list(2);

        assertEquals(List.of(
                new GatewayApi.ConversationSummary("c11", "Lisbon trip", Instant.parse("2026-01-02T03:04:05Z"),
                        Instant.parse("2026-01-05T06:07:08Z"), 14, false),
                new GatewayApi.ConversationSummary("c12", "Old", Instant.parse("2025-12-01T00:00:00Z"),
                        Instant.parse("2025-12-01T00:00:00Z"), 1, false)), page.items());
        assertEquals(2, page.page());
        assertEquals(10, page.pageSize());
        assertEquals(12, page.total());
        assertEquals(2, page.pages());
        assertFalse(page.hasMore());
        Request request = requests.remove();
        assertEquals("GET", request.method());
        assertEquals("/api/conversations", request.uri().getPath());
        assertEquals("page=2&pageSize=10", request.uri().getRawQuery());
        assertEquals("Bearer " + TOKEN, request.authorization());
        assertEquals("application/json", request.accept());
    }

    @Test
    void searchEncodesTheQueryAndReadsTheHighlightedResults() throws Exception {
        answer("/api/conversations/search", 200, """
                {"page":1,"pageSize":10,"total":37,"pages":4,"query":"…","results":[
                  {"conversationId":"c1","conversationTitle":"Trips","messageId":"m1","role":"user",
                   "createdAt":"2026-01-02T03:04:05Z","snippet":"planning a «road» «trip» to Lisbon","rank":0.91},
                  {"conversationId":"c2","conversationTitle":null,"messageId":"m7","role":"assistant",
                   "createdAt":"2026-01-03T00:00:00Z","snippet":"the «trip»","rank":0.5}]}""");
        String query = "\"road trip\" -lisbon é&x=1+2 lisb* «»";

        GatewayApi.Page<GatewayApi.SearchHit> page = api.search(query, 1);

        Request request = requests.remove();
        assertEquals("/api/conversations/search", request.uri().getPath());
        assertEquals("q=%22road%20trip%22%20-lisbon%20%C3%A9%26x%3D1%2B2%20lisb*%20%C2%AB%C2%BB&page=1&pageSize=10",
                request.uri().getRawQuery(), "spaces as %20, and & + = encoded so that they stay in the query");
        assertEquals(Map.of("q", query, "page", "1", "pageSize", "10"), request.parameters());
        assertEquals("Bearer " + TOKEN, request.authorization());
        assertEquals(List.of(
                new GatewayApi.SearchHit("c1", "Trips", "m1", "user", Instant.parse("2026-01-02T03:04:05Z"),
                        "planning a «road» «trip» to Lisbon", 0.91),
                new GatewayApi.SearchHit("c2", null, "m7", "assistant", Instant.parse("2026-01-03T00:00:00Z"),
                        "the «trip»", 0.5)), page.items());
        assertEquals(37, page.total());
        assertTrue(page.hasMore());
    }

    @Test
    void noMatchesIsAnEmptyPage() throws Exception {
        answer("/api/conversations/search", 200, "{\"page\":1,\"pageSize\":10,\"total\":0,\"pages\":0,\"results\":[]}");
        GatewayApi.Page<GatewayApi.SearchHit> page = api.search("zebra", 1);
        assertEquals(List.of(), page.items());
        assertEquals(0, page.total());
        assertFalse(page.hasMore());
    }

    @Test
    void aRefusedQueryCarriesTheGatewaysError() {
        answer("/api/conversations/search", 400,
                "{\"type\":\"error\",\"code\":\"invalid_input\",\"message\":\"a query has at most 256 characters\"}");
        GatewayApiException e = assertThrows(GatewayApiException.class, () -> api.search("x".repeat(300), 1));
        assertEquals(400, e.httpStatus());
        assertEquals(new GatewayError("invalid_input", "a query has at most 256 characters"), e.error());
        assertEquals("invalid_input: a query has at most 256 characters", e.getMessage());
    }

    @Test
    void aRejectedTokenSaysSo() {
        try (GatewayApi stranger = GatewayApi.forWebSocket(webSocketUrl(), "mosaic_wrong", Duration.ofSeconds(5))) {
            GatewayApiException e = assertThrows(GatewayApiException.class, () -> stranger.list(1));
            assertEquals(401, e.httpStatus());
            assertEquals("unauthorized", e.error().code());
            assertEquals("the gateway rejected the token: unauthorized: unknown token", e.getMessage());
        }
        assertEquals("Bearer mosaic_wrong", requests.remove().authorization());
    }

    @Test
    void anErrorWhoseBodyIsNotTheGatewaysJsonStillSaysWhatHappened() {
        answer("/api/conversations", 502, "text/html", "<html><body>Bad Gateway</body></html>\n");
        GatewayApiException html = assertThrows(GatewayApiException.class, () -> api.list(1));
        assertEquals(502, html.httpStatus());
        assertNull(html.error());
        assertEquals("HTTP 502: <html><body>Bad Gateway</body></html>", html.getMessage());

        answer("/api/conversations", 503, "text/plain", "");
        assertEquals("HTTP 503", assertThrows(GatewayApiException.class, () -> api.list(1)).getMessage());

        answer("/api/conversations", 500, "{\"message\":\"no code\"}");
        GatewayApiException codeless = assertThrows(GatewayApiException.class, () -> api.list(1));
        assertNull(codeless.error());
        assertEquals("HTTP 500: {\"message\":\"no code\"}", codeless.getMessage());

        answer("/api/conversations", 500, "text/plain", "x".repeat(1000));
        assertEquals("HTTP 500: " + "x".repeat(200) + "…",
                assertThrows(GatewayApiException.class, () -> api.list(1)).getMessage(), "a long body is cut short");
    }

    @Test
    void aSuccessThatIsNotAJsonObjectIsAFailure() {
        answer("/api/conversations", 200, "text/html", "<html>please log in</html>");
        GatewayApiException html = assertThrows(GatewayApiException.class, () -> api.list(1));
        assertEquals(200, html.httpStatus());
        assertEquals("the gateway's answer to /api/conversations is not a JSON object: <html>please log in</html>",
                html.getMessage());

        answer("/api/conversations/search", 200, "[1,2]");
        assertTrue(assertThrows(GatewayApiException.class, () -> api.search("x", 1)).getMessage()
                .endsWith("is not a JSON object: [1,2]"));
    }

    @Test
    void readsMissingAndMistypedFieldsAsAbsent() throws Exception {
        answer("/api/conversations", 200, """
                {"conversations":[{"conversationId":"c1","title":{"nested":1},"createdAt":"yesterday",
                                   "messages":"lots"},7,"x"]}""");
        GatewayApi.Page<GatewayApi.ConversationSummary> page = api.list(1);
        assertEquals(List.of(new GatewayApi.ConversationSummary("c1", null, null, null, 0, false)), page.items());
        assertEquals(1, page.page());
        assertEquals(1, page.total());
        assertFalse(page.hasMore());

        answer("/api/conversations/search", 200, "{\"results\":[{\"conversationId\":\"c1\"}]}");
        GatewayApi.SearchHit hit = api.search("x", 1).items().getFirst();
        assertEquals("", hit.snippet(), "a hit without snippet has an empty one");
        assertNull(hit.role());
    }

    @Test
    void aGatewayThatIsNotThereIsSaidSo() {
        server.stop(0);
        GatewayApiException e = assertThrows(GatewayApiException.class, () -> api.list(1));
        assertEquals(0, e.httpStatus());
        assertNull(e.error());
        assertEquals("could not connect to " + api.baseUrl() + " (is the gateway running?)", e.getMessage());
    }

    @Test
    void aGatewayThatDoesNotAnswerInTimeIsSaidSo() {
        server.createContext("/api/conversations", exchange -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        try (GatewayApi impatient = GatewayApi.forWebSocket(webSocketUrl(), TOKEN, Duration.ofMillis(300))) {
            GatewayApiException e = assertThrows(GatewayApiException.class, () -> impatient.list(1));
            assertEquals(0, e.httpStatus());
            assertEquals("the gateway at " + impatient.baseUrl() + " did not answer within 300 ms", e.getMessage());
        }
    }

    @Test
    void readsTheProvidersHealthWithItsNulls() throws Exception {
        answer("/api/providers/health", 200, """
                {"providers":[
                  {"provider":"openai","status":"UP","latencyMs":123,"circuit":"CLOSED","lastError":null,
                   "checkedAt":"2026-01-02T03:04:05Z"},
                  {"provider":"anthropic","status":"DEGRADED","latencyMs":880,"circuit":"HALF_OPEN",
                   "lastError":"429 Too Many Requests","checkedAt":"2026-01-02T03:04:06Z","extra":true},
                  {"provider":"ollama","status":"UNKNOWN","latencyMs":null,"circuit":"CLOSED","lastError":null,
                   "checkedAt":null},
                  {"provider":"mistral"}]}""");

        List<GatewayApi.ProviderHealth> health = api.providerHealth();

        assertEquals(List.of(
                new GatewayApi.ProviderHealth("openai", "UP", 123L, "CLOSED", null, Instant.parse("2026-01-02T03:04:05Z")),
                new GatewayApi.ProviderHealth("anthropic", "DEGRADED", 880L, "HALF_OPEN", "429 Too Many Requests",
                        Instant.parse("2026-01-02T03:04:06Z")),
                new GatewayApi.ProviderHealth("ollama", "UNKNOWN", null, "CLOSED", null, null),
                new GatewayApi.ProviderHealth("mistral", "UNKNOWN", null, null, null, null)), health);
        Request request = requests.remove();
        assertEquals("GET", request.method());
        assertEquals("/api/providers/health", request.uri().getPath());
        assertNull(request.uri().getRawQuery(), "no query at all");
        assertEquals("Bearer " + TOKEN, request.authorization());
        assertEquals("application/json", request.accept());
    }

    @Test
    void readsTheModelCatalogWithPricesAndUnknowns() throws Exception {
        answer("/api/models", 200, """
                {"models":[
                  {"provider":"anthropic","id":"claude-sonnet-4-6","displayName":"Claude Sonnet 4.6","tier":"standard",
                   "contextWindow":200000,"maxOutput":64000,"source":"merged",
                   "capabilities":["tools","vision","reasoning","streaming"],
                   "pricePerMillionTokens":{"input":3,"output":15,"cachedInput":0.3}},
                  {"provider":"ollama","id":"llama3.2","displayName":"Llama 3.2","tier":"local","contextWindow":null,
                   "maxOutput":null,"source":"live","capabilities":["streaming",7],
                   "pricePerMillionTokens":{"input":0,"output":0,"cachedInput":null}},
                  {"provider":"openai","id":"text-embedding-3-small","tier":"cheap","capabilities":"embedding"},
                  "not a model"]}""");

        List<GatewayApi.Model> models = api.models();

        assertEquals(3, models.size());
        GatewayApi.Model sonnet = models.get(0);
        assertEquals(new GatewayApi.Model("anthropic", "claude-sonnet-4-6", "Claude Sonnet 4.6", "standard", 200000,
                64000, "merged", List.of("tools", "vision", "reasoning", "streaming"),
                new GatewayApi.Price(new BigDecimal("3"), new BigDecimal("15"), new BigDecimal("0.3"))), sonnet);
        GatewayApi.Model llama = models.get(1);
        assertNull(llama.contextWindow());
        assertNull(llama.maxOutput());
        assertEquals(List.of("streaming"), llama.capabilities(), "what is not text is not a capability");
        assertEquals(0, llama.price().input().signum());
        assertEquals(0, llama.price().output().signum());
        assertNull(llama.price().cachedInput());
        assertEquals(new GatewayApi.Model("openai", "text-embedding-3-small", null, "cheap", null, null, null, List.of(),
                GatewayApi.Price.UNKNOWN), models.get(2), "a model without prices has unknown ones");
        assertEquals("/api/models", requests.remove().uri().getPath());

        assertTrue(sonnet.matches("CLAUDE") && sonnet.matches("anthropic") && sonnet.matches(" 4-6 ")
                && sonnet.matches(""));
        assertFalse(sonnet.matches("sonnet 4.6"), "the display name is not searched");
        assertFalse(llama.matches("claude"));
    }

    @Test
    void readsTheUsersOwnKeysAsHints() throws Exception {
        answer("/api/providers", 200, """
                {"credentials":[
                  {"provider":"anthropic","kind":"api_key","label":"work","hint":"sk-ant-…x9f2",
                   "createdAt":"2026-01-01T00:00:00Z","updatedAt":"2026-02-01T00:00:00Z"},
                  {"provider":"openai","kind":"api_key","label":null,"hint":"sk-…a1b2","createdAt":null}]}""");

        assertEquals(List.of(
                new GatewayApi.Credential("anthropic", "api_key", "work", "sk-ant-…x9f2",
                        Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-02-01T00:00:00Z")),
                new GatewayApi.Credential("openai", "api_key", null, "sk-…a1b2", null, null)), api.credentials());
        assertEquals("/api/providers", requests.remove().uri().getPath());

        answer("/api/providers", 200, "{}");
        assertEquals(List.of(), api.credentials(), "no keys stored");
    }

    @Test
    void theProviderAndModelCallsFailLikeTheOthers() {
        answer("/api/providers/health", 503,
                "{\"type\":\"error\",\"code\":\"unavailable\",\"message\":\"the health checker is starting\"}");
        GatewayApiException health = assertThrows(GatewayApiException.class, api::providerHealth);
        assertEquals(503, health.httpStatus());
        assertEquals(new GatewayError("unavailable", "the health checker is starting"), health.error());
        assertEquals("unavailable: the health checker is starting", health.getMessage());

        GatewayApiException missing = assertThrows(GatewayApiException.class, api::models);
        assertEquals(404, missing.httpStatus(), "an older gateway has no catalog");
        assertEquals("not_found: no such resource", missing.getMessage());

        answer("/api/providers", 200, "text/html", "<html>login</html>");
        assertEquals("the gateway's answer to /api/providers is not a JSON object: <html>login</html>",
                assertThrows(GatewayApiException.class, api::credentials).getMessage());

        try (GatewayApi stranger = GatewayApi.forWebSocket(webSocketUrl(), "mosaic_wrong", Duration.ofSeconds(5))) {
            GatewayApiException rejected = assertThrows(GatewayApiException.class, stranger::models);
            assertEquals(401, rejected.httpStatus());
            assertEquals("the gateway rejected the token: unauthorized: unknown token", rejected.getMessage());
        }

        server.stop(0);
        assertEquals("could not connect to " + api.baseUrl() + " (is the gateway running?)",
                assertThrows(GatewayApiException.class, api::credentials).getMessage());
    }

    @Test
    void startsAnOAuthLogin() throws Exception {
        answer("/api/providers/anthropic/oauth", 200, """
                {"provider":"anthropic","authorizationUrl":"https://claude.ai/oauth/authorize?code=true&state=s1",
                 "redirectUri":"http://localhost:53692/callback","state":"s1","expiresAt":"2026-11-22T06:00:00Z"}""");

        GatewayApi.OAuthLogin login = api.startOAuth("anthropic");

        assertEquals(new GatewayApi.OAuthLogin("anthropic", "https://claude.ai/oauth/authorize?code=true&state=s1",
                "http://localhost:53692/callback", "s1", Instant.parse("2026-11-22T06:00:00Z")), login);
        Request request = requests.remove();
        assertEquals("POST", request.method());
        assertEquals("/api/providers/anthropic/oauth", request.uri().getPath());
        assertEquals("", request.body(), "an empty body");
        assertEquals("Bearer " + TOKEN, request.authorization());
        assertEquals("application/json", request.accept());
    }

    @Test
    void anOAuthStartWithoutUrlOrStateIsAFailureAndARefusalCarriesTheGatewaysError() {
        answer("/api/providers/openai/oauth", 200, "{\"provider\":\"openai\",\"state\":\"s1\"}");
        assertEquals("the gateway's answer to /api/providers/openai/oauth has no authorizationUrl or no state",
                assertThrows(GatewayApiException.class, () -> api.startOAuth("openai")).getMessage());

        answer("/api/providers/ollama/oauth", 400, "{\"type\":\"error\",\"code\":\"invalid_input\",\"message\":"
                + "\"ollama has no OAuth login configured; OAuth is offered for anthropic, openai\"}");
        GatewayApiException refused = assertThrows(GatewayApiException.class, () -> api.startOAuth("ollama"));
        assertEquals(400, refused.httpStatus());
        assertEquals("invalid_input: ollama has no OAuth login configured; OAuth is offered for anthropic, openai",
                refused.getMessage());

        assertThrows(GatewayApiException.class, () -> api.startOAuth("my provider/x"));
        assertEquals("/api/providers/my%20provider%2Fx/oauth", List.copyOf(requests).getLast().uri().getRawPath(),
                "the name stays one path segment");
    }

    @Test
    void completesAnOAuthLoginWithTheCaughtCodeOrWithWhatWasPasted() throws Exception {
        answer("/api/providers/anthropic/oauth/complete", 200, """
                {"provider":"anthropic","kind":"oauth","label":"claude.ai","hint":"sk-ant-oat…Qx7w","baseUrl":null,
                 "createdAt":"2026-11-22T05:00:00Z","updatedAt":"2026-11-22T05:01:00Z",
                 "expiresAt":"2026-11-22T06:12:00Z"}""");
        GatewayApi.OAuthCredential expected = new GatewayApi.OAuthCredential("anthropic", "oauth", "claude.ai",
                "sk-ant-oat…Qx7w", null, Instant.parse("2026-11-22T05:00:00Z"), Instant.parse("2026-11-22T05:01:00Z"),
                Instant.parse("2026-11-22T06:12:00Z"));

        assertEquals(expected, api.completeOAuth("anthropic", "s1", "c-123"));
        Request caught = requests.remove();
        assertEquals("POST", caught.method());
        assertEquals("/api/providers/anthropic/oauth/complete", caught.uri().getPath());
        assertEquals("application/json", caught.contentType());
        assertEquals(JSON.createObjectNode().put("state", "s1").put("code", "c-123"), JSON.readTree(caught.body()));
        assertEquals("Bearer " + TOKEN, caught.authorization());

        String pasted = "http://localhost:53692/callback?code=c-123&state=s1";
        assertEquals(expected, api.completeOAuthPasted("anthropic", "s1", pasted));
        assertEquals(JSON.createObjectNode().put("state", "s1").put("response", pasted),
                JSON.readTree(requests.remove().body()));
    }

    @Test
    void refusalsToCompleteAnOAuthLoginCarryTheGatewaysError() {
        String path = "/api/providers/anthropic/oauth/complete";
        answer(path, 404, "{\"type\":\"error\",\"code\":\"not_found\",\"message\":\"no such login; start again\"}");
        GatewayApiException expired = assertThrows(GatewayApiException.class,
                () -> api.completeOAuth("anthropic", "s1", "c"));
        assertEquals(404, expired.httpStatus());
        assertEquals(new GatewayError("not_found", "no such login; start again"), expired.error());

        answer(path, 422, "{\"type\":\"error\",\"code\":\"provider_authentication\",\"message\":\"invalid_grant\"}");
        GatewayApiException refused = assertThrows(GatewayApiException.class,
                () -> api.completeOAuthPasted("anthropic", "s1", "c#s1"));
        assertEquals(422, refused.httpStatus());
        assertEquals("provider_authentication: invalid_grant", refused.getMessage());

        assertThrows(NullPointerException.class, () -> api.completeOAuth("anthropic", null, "c"));
        assertThrows(NullPointerException.class, () -> api.completeOAuthPasted("anthropic", "s1", null));
        assertEquals(2, requests.size(), "nothing was sent without a state or an answer");
    }

    @Test
    void listsTheAgents() throws Exception {
        answer("/api/agents", 200, """
                {"agents":[{"id":"a-1","name":"coding-agent","description":"writes code","owner":"system","version":2,
                  "defaultModel":"anthropic/claude-opus-4-6","tools":["read_file","current_time"],"editable":false,
                  "skills":[]},
                 {"id":"a-2","name":"mine","owner":"user","version":1,"defaultModel":null,"tools":[],"editable":true}]}""");
        assertEquals(List.of(
                new GatewayApi.Agent("a-1", "coding-agent", "writes code", "system", 2, "anthropic/claude-opus-4-6",
                        List.of("read_file", "current_time"), false),
                new GatewayApi.Agent("a-2", "mine", "", "user", 1, null, List.of(), true)), api.agents());
    }

    @Test
    void createsAnAgentAndCarriesTheFieldAtFaultWhenRefused() throws Exception {
        answer("/api/agents", 201, """
                {"id":"a-3","name":"reviewer","description":"reviews","owner":"user","version":1,
                 "defaultModel":null,"tools":["grep"],"editable":true}""");
        GatewayApi.Agent created = api.createAgent(new GatewayApi.AgentDraft("reviewer", "reviews", "You review.", null,
                List.of("grep")));
        assertEquals(new GatewayApi.Agent("a-3", "reviewer", "reviews", "user", 1, null, List.of("grep"), true), created);
        Request request = requests.remove();
        assertEquals("POST", request.method());
        assertEquals("application/json", request.contentType());
        assertEquals(JSON.readTree("""
                {"name":"reviewer","description":"reviews","systemPrompt":"You review.","defaultModel":null,
                 "tools":["grep"]}"""), JSON.readTree(request.body()));

        // The refusal may come as the WebSocket's error frame does, or with the error in a field of its own.
        answer("/api/agents", 400, """
                {"error":{"code":"invalid_input","message":"tools: no tool rm_rf exists"}}""");
        GatewayApiException refused = assertThrows(GatewayApiException.class, () -> api.createAgent(
                new GatewayApi.AgentDraft("x", "", "p", "openai/gpt-4o", List.of("rm_rf"))));
        assertEquals(400, refused.httpStatus());
        assertEquals(new GatewayError("invalid_input", "tools: no tool rm_rf exists"), refused.error());
        assertEquals("invalid_input: tools: no tool rm_rf exists", refused.getMessage());
    }

    @Test
    void readsAConversationsMetrics() throws Exception {
        answer("/api/conversations/c 1/metrics", 200, """
                {"conversationId":"c 1","turns":4,"tokens":{"input":100,"output":20,"cached":50},"costUsd":0.0123,
                 "costComplete":false,"modelSwitches":1,"agentSwitches":2,"toolCalls":3,"activeDurationMs":75400}""");
        assertEquals(new GatewayApi.Metrics("c 1", 4, new Usage(100, 20, 50), new BigDecimal("0.0123"), false, 1, 2, 3,
                Duration.ofMillis(75_400)), api.metrics("c 1"));
        assertEquals("/api/conversations/c%201/metrics", requests.remove().uri().getRawPath(), "the id is encoded");
        answer("/api/conversations/c2/metrics", 200, """
                {"conversationId":"c2","turns":0,"tokens":{"input":0,"output":0,"cached":0},"costUsd":null,
                 "costComplete":true,"modelSwitches":0,"agentSwitches":0,"toolCalls":0,"activeDurationMs":0}""");
        assertEquals(null, api.metrics("c2").costUsd());
        assertEquals(404, assertThrows(GatewayApiException.class, () -> api.metrics("c3")).httpStatus());
    }

    @Test
    void readsSetsAndForgetsWhatTheGatewayRemembers() throws Exception {
        answer("/api/memory/preferences", 200, """
                {"preferences":[{"key":"language","value":"German","updatedAt":"2026-12-03T10:00:00Z"}]}""");
        assertEquals(List.of(new GatewayApi.Preference("language", "German")), api.preferences());
        requests.remove();

        answer("/api/memory/preferences/tone", 200, "{\"key\":\"tone\",\"value\":\"dry\"}");
        api.setPreference("tone", "dry");
        Request set = requests.remove();
        assertEquals("PUT", set.method());
        assertEquals("{\"value\":\"dry\"}", set.body());

        answer("/api/memory/search", 200, """
                {"query":"deploys","results":[{"insightId":"i-1","text":"Alice deploys on Fridays.",
                 "createdAt":"2026-12-01T00:00:00Z","similarity":0.81,"relevance":0.7}]}""");
        assertEquals(List.of(new GatewayApi.Insight("i-1", "Alice deploys on Fridays.",
                Instant.parse("2026-12-01T00:00:00Z"), 0.81)), api.searchMemory("when do I deploy"));
        assertEquals("q=when%20do%20I%20deploy", requests.remove().uri().getRawQuery().replace("+", "%20"));

        answer("/api/memory/insights/i-1", 204, "");
        api.forgetInsight("i-1");
        assertEquals("DELETE", requests.remove().method(), "an empty 204 is a success");
        answer("/api/memory", 200, "{\"insights\":3,\"preferences\":1}");
        assertEquals("3 insights and 1 preferences", api.forgetEverything());
        assertEquals(404, assertThrows(GatewayApiException.class, () -> api.forgetInsight("i-9")).httpStatus());
    }

    @Test
    void pagesCountFromOne() {
        assertThrows(IllegalArgumentException.class, () -> api.list(0));
        assertThrows(IllegalArgumentException.class, () -> api.search("x", -1));
        assertThrows(NullPointerException.class, () -> api.search(null, 1));
        assertTrue(requests.isEmpty(), "nothing was sent");
    }

    private URI webSocketUrl() {
        return URI.create("ws://127.0.0.1:" + server.getAddress().getPort() + "/v1/ws");
    }

    private void answer(String path, int status, String body) {
        answer(path, status, "application/json", body);
    }

    private void answer(String path, int status, String contentType, String body) {
        answers.put(path, new Answer(status, contentType, body));
    }

    private void serve(HttpExchange exchange) throws IOException {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI(), authorization,
                exchange.getRequestHeaders().getFirst("Accept"), exchange.getRequestHeaders().getFirst("Content-Type"),
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
        Answer answer = ("Bearer " + TOKEN).equals(authorization)
                ? answers.getOrDefault(exchange.getRequestURI().getPath(), new Answer(404, "application/json",
                        "{\"type\":\"error\",\"code\":\"not_found\",\"message\":\"no such resource\"}"))
                : new Answer(401, "application/json", UNAUTHORIZED);
        byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", answer.contentType() + "; charset=utf-8");
        exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
