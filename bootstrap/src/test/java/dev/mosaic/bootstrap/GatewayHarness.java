package dev.mosaic.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mosaic.application.port.in.ManageAccountsUseCase;
import dev.mosaic.simulator.ProviderSimulator;
import dev.mosaic.simulator.RecordedRequest;
import dev.mosaic.simulator.SimulatorOptions;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * The real gateway, wired by the production code, on a random port, against the test database,
 * the local Redis and a provider simulator of its own.
 */
final class GatewayHarness implements AutoCloseable {

    static final Duration IDLE_TIMEOUT = Duration.ofSeconds(1);

    private final ProviderSimulator simulator;
    private final GatewaySettings settings;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private Gateway gateway;

    private GatewayHarness(ProviderSimulator simulator, GatewaySettings settings) {
        this.simulator = simulator;
        this.settings = settings;
        this.gateway = Gateway.start(settings);
    }

    static GatewayHarness start() {
        return start(Map.of());
    }

    /** With extra settings, as environment variables. */
    static GatewayHarness start(Map<String, String> extra) {
        ProviderSimulator simulator = ProviderSimulator.start(SimulatorOptions.defaults().withTokenDelay(Duration.ofMillis(2)));
        Map<String, String> env = new HashMap<>(testStores());
        env.put("MOSAIC_PORT", "0");
        env.put("MOSAIC_MAX_FRAME_BYTES", "4096");
        env.put("MOSAIC_PROVIDER", "simulator");
        env.put("MOSAIC_SIMULATOR_URL", simulator.baseUrl().toString());
        env.put("MOSAIC_PROVIDER_IDLE_TIMEOUT", IDLE_TIMEOUT.toString());
        // The test database holds credentials of other test runs, so the gateway gets a key of its own
        // instead of creating a key file (which it refuses to do while credentials exist).
        env.put("MOSAIC_MASTER_KEY", TestKeys.newKeyset());
        // Background jobs (summaries) would call the simulator and take replies a test scripted;
        // the tests of the jobs turn them on.
        env.put("MOSAIC_JOBS_WORKERS", "false");
        // A test that turns workers on gets no schedule it does not set: a missed daily tick would fire at
        // start, against the database other tests share.
        for (String schedule : List.of("GC", "SUMMARIZE", "TIER", "REEMBED", "DECAY", "INSIGHT_INDEX")) {
            env.put("MOSAIC_JOBS_" + schedule + "_SCHEDULE", "off");
        }
        env.putAll(extra);
        try {
            return new GatewayHarness(simulator, GatewaySettings.load(env));
        } catch (RuntimeException e) {
            simulator.close();
            throw new IllegalStateException("the gateway did not start; are PostgreSQL and Redis running "
                    + "(scripts/services.sh)? " + e.getMessage(), e);
        }
    }

    /** The settings, as environment variables, that point at the test database and Redis. */
    static Map<String, String> testStores() {
        Map<String, String> env = new HashMap<>();
        env.put("MOSAIC_DB_URL", envOr("MOSAIC_TEST_DB_URL", "jdbc:postgresql://127.0.0.1:5432/mosaic_test"));
        env.put("MOSAIC_DB_USER", envOr("MOSAIC_TEST_DB_APP", "mosaic_app"));
        env.put("MOSAIC_DB_PASSWORD", envOr("MOSAIC_TEST_DB_APP_PASSWORD", env.get("MOSAIC_DB_USER")));
        env.put("MOSAIC_DB_OWNER_USER", envOr("MOSAIC_TEST_DB_OWNER", "mosaic_owner"));
        env.put("MOSAIC_DB_OWNER_PASSWORD", envOr("MOSAIC_TEST_DB_OWNER_PASSWORD", env.get("MOSAIC_DB_OWNER_USER")));
        env.put("MOSAIC_REDIS_URL", envOr("MOSAIC_TEST_REDIS_URL", "redis://127.0.0.1:6379/0"));
        return env;
    }

    /** Removes the test Redis's keys under {@code prefix}, which a test gave its gateway as its own. */
    static void clearRedisPrefix(String prefix) {
        try (RedisClient redis = RedisClient.create(URI.create(testStores().get("MOSAIC_REDIS_URL")))) {
            String cursor = ScanParams.SCAN_POINTER_START;
            do {
                ScanResult<String> page = redis.scan(cursor, new ScanParams().match(prefix + ":*").count(1000));
                if (!page.getResult().isEmpty()) {
                    redis.del(page.getResult().toArray(String[]::new));
                }
                cursor = page.getCursor();
            } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        }
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    ProviderSimulator simulator() {
        return simulator;
    }

    /** What the gateway asked the simulator to answer, leaving out health probes of its model list. */
    List<RecordedRequest> chatRequests() {
        return simulator.requests().stream().filter(r -> r.path().endsWith("/chat/completions")).toList();
    }

    Gateway gateway() {
        return gateway;
    }

    /** What the gateway was started with, e.g. to open its database beside it. */
    GatewaySettings settings() {
        return settings;
    }

    URI webSocket() {
        return gateway.webSocketUri();
    }

    /** A second instance on the same database, Redis and simulator, on a port of its own; the caller closes it. */
    Gateway startAnother() {
        return Gateway.start(settings);
    }

    /** Stops the gateway and starts a new one on the same database, as after a redeploy. */
    void restart() {
        gateway.close();
        gateway = Gateway.start(settings);
    }

    /** A new user; returns its token. */
    String newUser() {
        return newUserWithToken().token().secret();
    }

    ManageAccountsUseCase.NewUser newUserWithToken() {
        return gateway.accounts().createUser("e2e-" + UUID.randomUUID().toString().substring(0, 13), null);
    }

    record HttpResult(int status, JsonNode body) {}

    HttpResult get(String path, String token) throws IOException, InterruptedException {
        return send("GET", path, token, null);
    }

    /**
     * Any REST call; the body is JSON text or null. Waited for up to 30 s: the first call that embeds
     * text loads the in-process embedding model, which takes seconds on a busy machine.
     */
    HttpResult send(String method, String path, String token, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(gateway.httpUri().resolve(path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new HttpResult(response.statusCode(), response.body().isEmpty() ? null : json.readTree(response.body()));
    }

    @Override
    public void close() {
        gateway.close();
        simulator.close();
        http.close();
    }
}
