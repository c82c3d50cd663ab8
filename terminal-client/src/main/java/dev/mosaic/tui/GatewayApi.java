package dev.mosaic.tui;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * The gateway's REST API (docs/api.md) as far as the client needs it: the acting user's
 * conversations, most recent activity first, full-text search over their messages, the providers'
 * health, the model catalog, the user's own provider keys (hints only), OAuth logins to
 * providers, agents and what a conversation has used. The API is served by the same host and port as the WebSocket and takes the same token.
 *
 * <p>Calls block until the gateway answers or the timeout passes, and may be made from any thread.
 * Reading is as lenient as {@link Frames}: unknown fields are ignored and missing ones read as
 * absent.
 */
public final class GatewayApi implements AutoCloseable {

    /** Results per page: as many as one can pick from on one screen. */
    public static final int PAGE_SIZE = 10;

    /**
     * One page of a list.
     *
     * @param page from 1
     * @param total how many items all pages hold
     * @param pages how many pages there are
     */
    public record Page<T>(List<T> items, int page, int pageSize, long total, int pages) {
        public Page {
            items = List.copyOf(items);
        }

        /** Whether pages after this one hold more items. */
        public boolean hasMore() {
            return page < pages;
        }
    }

    /** A conversation as {@code GET /api/conversations} lists it; {@code messages} is how many it holds. */
    public record ConversationSummary(String conversationId, String title, Instant createdAt, Instant lastActivity,
            int messages, boolean archived) {}

    /**
     * A message that matches a search. In {@code snippet} each match stands between {@code «} and
     * {@code »}; {@code role} is {@code user}, {@code assistant} or {@code tool}.
     */
    public record SearchHit(String conversationId, String conversationTitle, String messageId, String role,
            Instant createdAt, String snippet, double rank) {}

    /**
     * A provider's health as {@code GET /api/providers/health} reports it.
     *
     * @param status {@code UP}, {@code DEGRADED}, {@code DOWN} or {@code UNKNOWN} (also when the gateway said nothing)
     * @param latencyMs of the last probe; {@code null} when not probed yet
     * @param circuit {@code CLOSED}, {@code OPEN} or {@code HALF_OPEN}; {@code null} when not said
     * @param lastError why the last probe or call failed; {@code null} when it did not
     * @param checkedAt when it was last probed; {@code null} when not yet
     */
    public record ProviderHealth(String provider, String status, Long latencyMs, String circuit, String lastError,
            Instant checkedAt) {}

    /**
     * Prices in dollars per million tokens; each {@code null} when unknown, zero when free.
     */
    public record Price(BigDecimal input, BigDecimal output, BigDecimal cachedInput) {
        public static final Price UNKNOWN = new Price(null, null, null);
    }

    /**
     * A model of the catalog ({@code GET /api/models}).
     *
     * @param tier {@code cheap}, {@code standard}, {@code premium} or {@code local}
     * @param contextWindow tokens; {@code null} when unknown
     * @param maxOutput tokens; {@code null} when unknown
     * @param source {@code seed}, {@code live} or {@code merged}
     * @param capabilities such as {@code tools}, {@code vision}, {@code reasoning}, {@code streaming}, {@code embedding}
     */
    public record Model(String provider, String id, String displayName, String tier, Integer contextWindow,
            Integer maxOutput, String source, List<String> capabilities, Price price) {
        public Model {
            capabilities = List.copyOf(capabilities);
            price = price == null ? Price.UNKNOWN : price;
        }

        /** Whether {@code text} is part of the provider's name or of the model's id (ignoring case); blank matches all. */
        public boolean matches(String text) {
            if (text == null || text.isBlank()) {
                return true;
            }
            String part = text.strip().toLowerCase(Locale.ROOT);
            return (provider != null && provider.toLowerCase(Locale.ROOT).contains(part))
                    || (id != null && id.toLowerCase(Locale.ROOT).contains(part));
        }
    }

    /**
     * A provider key the user stored ({@code GET /api/providers}); the key itself never leaves the
     * gateway, {@code hint} shows a little of it (such as {@code sk-…a1b2}).
     */
    public record Credential(String provider, String kind, String label, String hint, Instant createdAt,
            Instant updatedAt) {}

    /**
     * An OAuth login the gateway started ({@code POST /api/providers/{provider}/oauth}): the user
     * opens {@code authorizationUrl}, and the provider sends the browser on to {@code redirectUri}
     * with a code and {@code state}, which ties that code to this login.
     *
     * @param expiresAt until when the login can be completed; {@code null} when not said
     */
    public record OAuthLogin(String provider, String authorizationUrl, String redirectUri, String state,
            Instant expiresAt) {}

    /**
     * The credential an OAuth login stored ({@code POST /api/providers/{provider}/oauth/complete}).
     * The tokens never leave the gateway, {@code hint} shows a little of one.
     *
     * @param kind {@code oauth}
     * @param expiresAt when the access token expires (the gateway refreshes it); {@code null} when not said
     */
    public record OAuthCredential(String provider, String kind, String label, String hint, String baseUrl,
            Instant createdAt, Instant updatedAt, Instant expiresAt) {}

    /**
     * An agent ({@code GET /api/agents}): a system prompt with the tools it may use.
     *
     * @param owner {@code system} or {@code user}
     * @param defaultModel {@code provider/model}; {@code null} when routing chooses
     * @param editable whether the acting user may change it
     */
    public record Agent(String id, String name, String description, String owner, int version, String defaultModel,
            List<String> tools, boolean editable) {
        public Agent {
            tools = List.copyOf(tools);
        }
    }

    /**
     * What {@code POST /api/agents} creates an agent from.
     *
     * @param defaultModel {@code provider/model}, or {@code null} to let routing choose
     */
    public record AgentDraft(String name, String description, String systemPrompt, String defaultModel,
            List<String> tools) {
        public AgentDraft {
            tools = List.copyOf(tools);
        }
    }

    /**
     * What a conversation has used so far ({@code GET /api/conversations/{id}/metrics}).
     *
     * @param turns model turns: replies, and each step of a tool loop
     * @param costUsd the sum of the costs that are known; {@code null} when none is
     * @param costComplete false when some turn's cost was unknown, so {@code costUsd} is less than the whole
     * @param activeDuration how long its turns took, tools included
     */
    public record Metrics(String conversationId, long turns, Usage tokens, BigDecimal costUsd, boolean costComplete,
            int modelSwitches, int agentSwitches, long toolCalls, Duration activeDuration) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI baseUrl;
    private final String token;
    private final Duration timeout;
    private final HttpClient http;

    /**
     * @param baseUrl the gateway's {@code http(s)://host:port}; calls go to {@code /api/…} there
     * @param timeout for connecting, and again for each answer
     */
    public GatewayApi(URI baseUrl, String token, Duration timeout) {
        this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
        this.token = Objects.requireNonNull(token, "token");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** The API of the gateway whose WebSocket is at {@code webSocketUrl}. */
    public static GatewayApi forWebSocket(URI webSocketUrl, String token, Duration timeout) {
        return new GatewayApi(baseUrl(webSocketUrl), token, timeout);
    }

    /** {@code ws://host:port/…} → {@code http://host:port}, {@code wss://…} → {@code https://…}. */
    public static URI baseUrl(URI webSocketUrl) {
        String scheme = webSocketUrl.getScheme() == null ? "" : webSocketUrl.getScheme().toLowerCase(Locale.ROOT);
        String http = switch (scheme) {
            case "ws" -> "http";
            case "wss" -> "https";
            default -> throw new IllegalArgumentException("not a WebSocket URL (ws:// or wss://): " + webSocketUrl);
        };
        if (webSocketUrl.getRawAuthority() == null) {
            throw new IllegalArgumentException("no host in " + webSocketUrl);
        }
        return URI.create(http + "://" + webSocketUrl.getRawAuthority());
    }

    public URI baseUrl() {
        return baseUrl;
    }

    /** A page (from 1) of the user's conversations that are not archived, most recent activity first. */
    public Page<ConversationSummary> list(int page) throws GatewayApiException {
        JsonNode body = get("/api/conversations", "page=" + checked(page) + "&pageSize=" + PAGE_SIZE);
        return page(body, "conversations", node -> new ConversationSummary(Frames.text(node, "conversationId"),
                Frames.text(node, "title"), Frames.instant(Frames.text(node, "createdAt")),
                Frames.instant(Frames.text(node, "lastActivity")), node.path("messages").asInt(0),
                node.path("archived").asBoolean(false)));
    }

    /**
     * A page (from 1) of the user's messages that match {@code query}, best first. The syntax is
     * the gateway's (docs/api.md): words, {@code "phrases"}, {@code or}, {@code -word}, {@code prefix*}.
     * An empty query, or one over 256 characters, fails with {@code invalid_input}.
     */
    public Page<SearchHit> search(String query, int page) throws GatewayApiException {
        Objects.requireNonNull(query, "query");
        JsonNode body = get("/api/conversations/search",
                "q=" + encode(query) + "&page=" + checked(page) + "&pageSize=" + PAGE_SIZE);
        return page(body, "results", node -> new SearchHit(Frames.text(node, "conversationId"),
                Frames.text(node, "conversationTitle"), Frames.text(node, "messageId"), Frames.text(node, "role"),
                Frames.instant(Frames.text(node, "createdAt")),
                Objects.requireNonNullElse(Frames.text(node, "snippet"), ""), node.path("rank").asDouble(0)));
    }

    /** The health of every configured provider, as the gateway last probed it. */
    public List<ProviderHealth> providerHealth() throws GatewayApiException {
        return items(get("/api/providers/health", null), "providers", node -> new ProviderHealth(
                Frames.text(node, "provider"), Objects.requireNonNullElse(Frames.text(node, "status"), "UNKNOWN"),
                node.path("latencyMs").isNumber() ? node.get("latencyMs").asLong() : null, Frames.text(node, "circuit"),
                Frames.text(node, "lastError"), Frames.instant(Frames.text(node, "checkedAt"))));
    }

    /** The model catalog: every model of every configured provider. */
    public List<Model> models() throws GatewayApiException {
        return items(get("/api/models", null), "models", node -> {
            List<String> capabilities = new ArrayList<>();
            for (JsonNode capability : node.path("capabilities")) {
                if (capability.isTextual()) {
                    capabilities.add(capability.asText());
                }
            }
            JsonNode price = node.path("pricePerMillionTokens");
            return new Model(Frames.text(node, "provider"), Frames.text(node, "id"), Frames.text(node, "displayName"),
                    Frames.text(node, "tier"), integer(node, "contextWindow"), integer(node, "maxOutput"),
                    Frames.text(node, "source"), capabilities,
                    new Price(decimal(price, "input"), decimal(price, "output"), decimal(price, "cachedInput")));
        });
    }

    /** The provider keys the user stored, as hints. */
    public List<Credential> credentials() throws GatewayApiException {
        return items(get("/api/providers", null), "credentials", node -> new Credential(Frames.text(node, "provider"),
                Frames.text(node, "kind"), Frames.text(node, "label"), Frames.text(node, "hint"),
                Frames.instant(Frames.text(node, "createdAt")), Frames.instant(Frames.text(node, "updatedAt"))));
    }

    /** Starts an OAuth login to {@code provider}: where to send the user, and the state that names this login. */
    public OAuthLogin startOAuth(String provider) throws GatewayApiException {
        String path = oauthPath(provider);
        JsonNode body = post(path, null);
        OAuthLogin login = new OAuthLogin(Objects.requireNonNullElse(Frames.text(body, "provider"), provider),
                Frames.text(body, "authorizationUrl"), Frames.text(body, "redirectUri"), Frames.text(body, "state"),
                Frames.instant(Frames.text(body, "expiresAt")));
        if (login.authorizationUrl() == null || login.state() == null) {
            throw new GatewayApiException("the gateway's answer to " + path + " has no authorizationUrl or no state",
                    200, null, null);
        }
        return login;
    }

    /** Completes an OAuth login with the code the browser brought back to this client. */
    public OAuthCredential completeOAuth(String provider, String state, String code) throws GatewayApiException {
        return complete(provider, state, "code", code);
    }

    /**
     * Completes an OAuth login with what the user pasted (the redirect URL, {@code code#state}, a
     * query string or a bare code), which the gateway reads the code from.
     */
    public OAuthCredential completeOAuthPasted(String provider, String state, String response)
            throws GatewayApiException {
        return complete(provider, state, "response", response);
    }

    /** The agents the user may use: the gateway's own and their own. */
    public List<Agent> agents() throws GatewayApiException {
        return items(get("/api/agents", null), "agents", GatewayApi::agent);
    }

    /**
     * Creates an agent of the user's. A draft the gateway refuses fails with HTTP 400 and
     * {@code invalid_input}, its message naming the field at fault.
     */
    public Agent createAgent(AgentDraft draft) throws GatewayApiException {
        ObjectNode request = JSON.createObjectNode().put("name", draft.name()).put("description", draft.description())
                .put("systemPrompt", draft.systemPrompt()).put("defaultModel", draft.defaultModel());
        draft.tools().forEach(request.putArray("tools")::add);
        JsonNode created = post("/api/agents", request.toString());
        return agent(created.path("agent").isObject() ? created.get("agent") : created);
    }

    /** A preference of the user's: applied to every conversation. */
    public record Preference(String key, String value) {}

    /**
     * Something the gateway remembers of the user.
     *
     * @param similarity to what was searched for, 0 to 1; null outside a search
     */
    public record Insight(String id, String text, Instant createdAt, Double similarity) {}

    public List<Preference> preferences() throws GatewayApiException {
        return items(get("/api/memory/preferences", null), "preferences",
                p -> new Preference(Frames.text(p, "key"), Frames.text(p, "value")));
    }

    /** Sets a preference; a key the gateway refuses fails with HTTP 400 and its reason. */
    public void setPreference(String key, String value) throws GatewayApiException {
        send("/api/memory/preferences/" + encode(key), HttpRequest.newBuilder(baseUrl.resolve("/api/memory/preferences/"
                + encode(key))).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(JSON.createObjectNode().put("value", value).toString())));
    }

    public void deletePreference(String key) throws GatewayApiException {
        delete("/api/memory/preferences/" + encode(key));
    }

    /** The newest insights, at most 50. */
    public List<Insight> insights() throws GatewayApiException {
        return items(get("/api/memory/insights", "page=1&size=50"), "insights", GatewayApi::insight);
    }

    /** The insights closest in meaning to {@code query}, most similar first. */
    public List<Insight> searchMemory(String query) throws GatewayApiException {
        return items(get("/api/memory/search", "q=" + encode(query)), "results", GatewayApi::insight);
    }

    public void forgetInsight(String id) throws GatewayApiException {
        delete("/api/memory/insights/" + encode(id));
    }

    /** Forgets every insight and preference of the user; answers how many of each. */
    public String forgetEverything() throws GatewayApiException {
        JsonNode forgotten = delete("/api/memory");
        return forgotten.path("insights").asInt(0) + " insights and " + forgotten.path("preferences").asInt(0)
                + " preferences";
    }

    private static Insight insight(JsonNode node) {
        return new Insight(Frames.text(node, "insightId"), Frames.text(node, "text"),
                Frames.instant(Frames.text(node, "createdAt")),
                node.hasNonNull("similarity") ? node.get("similarity").asDouble() : null);
    }

    private JsonNode delete(String path) throws GatewayApiException {
        return send(path, HttpRequest.newBuilder(baseUrl.resolve(path)).DELETE());
    }

    /** What a conversation of the user's has used; {@code not_found} (404) for anyone else's. */
    public Metrics metrics(String conversationId) throws GatewayApiException {
        JsonNode body = get("/api/conversations/" + encode(Objects.requireNonNull(conversationId, "conversationId"))
                + "/metrics", null);
        JsonNode tokens = body.path("tokens");
        return new Metrics(Frames.text(body, "conversationId"), body.path("turns").asLong(0),
                new Usage(tokens.path("input").asLong(0), tokens.path("output").asLong(0),
                        tokens.path("cached").asLong(0)),
                decimal(body, "costUsd"), body.path("costComplete").asBoolean(false),
                body.path("modelSwitches").asInt(0), body.path("agentSwitches").asInt(0),
                body.path("toolCalls").asLong(0), Duration.ofMillis(body.path("activeDurationMs").asLong(0)));
    }

    private static Agent agent(JsonNode node) {
        List<String> tools = new ArrayList<>();
        for (JsonNode tool : node.path("tools")) {
            if (tool.isTextual()) {
                tools.add(tool.asText());
            }
        }
        return new Agent(Frames.text(node, "id"), Frames.text(node, "name"),
                Objects.requireNonNullElse(Frames.text(node, "description"), ""), Frames.text(node, "owner"),
                node.path("version").asInt(0), Frames.text(node, "defaultModel"), tools,
                node.path("editable").asBoolean(false));
    }

    /** Stops the HTTP client at once; a call still waiting fails. */
    @Override
    public void close() {
        http.shutdownNow();
    }

    /** {@code field} is {@code code} or {@code response}. */
    private OAuthCredential complete(String provider, String state, String field, String value)
            throws GatewayApiException {
        ObjectNode request = JSON.createObjectNode().put("state", Objects.requireNonNull(state, "state"))
                .put(field, Objects.requireNonNull(value, field));
        JsonNode body = post(oauthPath(provider) + "/complete", request.toString());
        return new OAuthCredential(Frames.text(body, "provider"), Frames.text(body, "kind"), Frames.text(body, "label"),
                Frames.text(body, "hint"), Frames.text(body, "baseUrl"), Frames.instant(Frames.text(body, "createdAt")),
                Frames.instant(Frames.text(body, "updatedAt")), Frames.instant(Frames.text(body, "expiresAt")));
    }

    private static String oauthPath(String provider) {
        return "/api/providers/" + encode(Objects.requireNonNull(provider, "provider")) + "/oauth";
    }

    private JsonNode get(String path, String query) throws GatewayApiException {
        return send(path, HttpRequest.newBuilder(baseUrl.resolve(query == null ? path : path + "?" + query)).GET());
    }

    /** A POST of {@code json}, or of nothing when it is {@code null}. */
    private JsonNode post(String path, String json) throws GatewayApiException {
        HttpRequest.Builder request = HttpRequest.newBuilder(baseUrl.resolve(path));
        if (json == null) {
            request.POST(HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        }
        return send(path, request);
    }

    /**
     * A request answered with a JSON object.
     *
     * @throws GatewayApiException with a message fit for people: the gateway unreachable or slow, an
     *     HTTP error (with the gateway's own message when the body has one), an answer that is not JSON
     */
    private JsonNode send(String path, HttpRequest.Builder builder) throws GatewayApiException {
        HttpRequest request = builder
                .timeout(timeout)
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json")
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            long millis = timeout.toMillis();
            throw new GatewayApiException("the gateway at " + baseUrl + " did not answer within "
                    + (millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms"), 0, null, e);
        } catch (ConnectException e) {
            throw new GatewayApiException("could not connect to " + baseUrl + " (is the gateway running?)", 0, null, e);
        } catch (IOException e) {
            throw new GatewayApiException("could not reach the gateway at " + baseUrl + ": " + describe(e), 0, null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GatewayApiException("interrupted while waiting for the gateway", 0, null, e);
        }
        int status = response.statusCode();
        String body = response.body() == null ? "" : response.body().strip();
        if (status / 100 != 2) { // 201 for what a POST created
            throw failure(status, body);
        }
        if (status == 204) { // a DELETE done
            return JSON.createObjectNode();
        }
        try {
            JsonNode node = JSON.readTree(body);
            if (node != null && node.isObject()) {
                return node;
            }
        } catch (JsonProcessingException e) {
            // said below, with what came instead
        }
        throw new GatewayApiException("the gateway's answer to " + path + " is not a JSON object: "
                + (body.isEmpty() ? "(empty)" : abbreviate(body)), status, null, null);
    }

    private static GatewayApiException failure(int status, String body) {
        GatewayError error = Frames.errorBody(body);
        String detail = error != null ? error.toString()
                : body.isEmpty() ? "HTTP " + status : "HTTP " + status + ": " + abbreviate(body);
        return new GatewayApiException(status == 401 ? "the gateway rejected the token: " + detail : detail, status,
                error, null);
    }

    private static <T> Page<T> page(JsonNode body, String field, Function<JsonNode, T> item) {
        List<T> items = items(body, field, item);
        int page = body.path("page").asInt(1);
        return new Page<>(items, page, body.path("pageSize").asInt(PAGE_SIZE), body.path("total").asLong(items.size()),
                body.path("pages").asInt(page));
    }

    private static <T> List<T> items(JsonNode body, String field, Function<JsonNode, T> item) {
        List<T> items = new ArrayList<>();
        for (JsonNode node : body.path(field)) {
            if (node.isObject()) {
                items.add(item.apply(node));
            }
        }
        return List.copyOf(items);
    }

    /** A whole number; {@code null} when absent, null or not a number. */
    private static Integer integer(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isNumber() ? value.asInt() : null;
    }

    /** A number, exactly as written; {@code null} when absent, null or not a number. */
    private static BigDecimal decimal(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isNumber() ? value.decimalValue() : null;
    }

    private static int checked(int page) {
        if (page < 1) {
            throw new IllegalArgumentException("pages count from 1, not " + page);
        }
        return page;
    }

    /** Percent-encoding, with {@code %20} for a space: {@code +} means a space only in HTML forms. */
    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String describe(Throwable failure) {
        String message = failure.getMessage();
        return message == null || message.isBlank() ? failure.getClass().getSimpleName() : message;
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "…";
    }
}
