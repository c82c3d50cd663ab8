package dev.mosaic.bootstrap;

import dev.mosaic.application.Secret;
import dev.mosaic.application.credential.OAuthClientConfig;
import dev.mosaic.domain.routing.RouteTarget;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Every setting of the gateway, typed, read once at start-up from {@code application.yaml}, an
 * optional file named by {@code MOSAIC_CONFIG}, and environment variables (which win). Nothing
 * below bootstrap reads configuration; it receives these records.
 */
public record GatewaySettings(Server server, Database database, Redis redis, Chat chat, Providers providers,
        Credentials credentials, OAuth oauth, Routing routing, Jobs jobs, Memory memory) {

    public record Server(String host, int port, int maxFrameBytes, int maxBodyBytes) {}

    /**
     * @param workers whether this process runs job workers ({@code ./mosaic worker} always does)
     * @param concurrency how many jobs of one queue run at once in one process
     * @param visibilityTimeout how long a job's claim lasts without its worker's heartbeat
     * @param gcSchedule when garbage collection runs: {@code every 15s} or a five-field cron expression
     * @param summarizeSchedule when idle conversations are looked for, to be summarized
     * @param summarizeIdleAfter how long a conversation must have been quiet to be summarized
     * @param tierSchedule when messages and log rows move to the archive
     * @param archiveAfter how long after its last activity a conversation's messages (and a log row) move
     * @param logRetention how long after it was written an archived log row is deleted
     * @param messageRetention how long after its last activity a conversation is deleted with its
     *     messages; null ({@code off}, the default) for never
     * @param tierBatch the most conversations one tier run moves (and deletes)
     * @param reembedSchedule when users whose insights lack vectors of the active embedding model are
     *     looked for, to be embedded anew (also once when the process starts)
     * @param decaySchedule when insights unused for {@link Memory#retireUnusedAfter} are retired
     * @param insightIndexSchedule when users' own insight indexes are built and dropped
     *     ({@link Memory#userIndexThreshold})
     */
    public record Jobs(boolean workers, int concurrency, Duration visibilityTimeout, String gcSchedule,
            String summarizeSchedule, Duration summarizeIdleAfter, String tierSchedule, Duration archiveAfter,
            Duration logRetention, Duration messageRetention, int tierBatch, String reembedSchedule,
            String decaySchedule, String insightIndexSchedule) {}

    public record Database(String url, String user, Secret password, String ownerUser, Secret ownerPassword, int poolSize) {}

    /** @param prefix of every key and channel, one per deployment sharing a Redis server */
    /** @param connections the most connections the gateway keeps to Redis */
    public record Redis(URI url, Duration leaseTtl, String prefix, int connections) {}

    /**
     * How messages are routed to models.
     *
     * @param offline route everything to local models (Ollama) whatever else is reachable
     * @param midstreamFailover when a model fails mid-answer, the next model of the chain goes on
     * @param defaultChain the models tried after a rule's own, and when no rule matches
     */
    public record Routing(boolean offline, boolean midstreamFailover, List<RouteTarget> defaultChain) {}

    /**
     * @param provider {@code auto} (routing rules choose), {@code simulator} (the simulator answers every
     *     message for the model routing chose), or one of anthropic, openai, openrouter, zai, ollama
     *     (that provider's model answers everything)
     * @param summarizerModel the model that writes context checkpoints; null for the chat model itself
     */
    public record Chat(String provider, String systemPrompt, Duration flushInterval, String summarizerModel) {}

    public record Endpoint(URI baseUrl, Secret apiKey, String model, int contextWindow) {}

    /**
     * @param ollama null unless an Ollama host is configured
     * @param simulatorUrl an external simulator to use instead of starting one inside the gateway; null to embed one
     */
    public record Providers(Endpoint anthropic, Endpoint openai, Endpoint openrouter, Endpoint zai, Endpoint ollama,
            URI simulatorUrl, Duration simulatorTokenDelay, int simulatorContextWindow, Duration connectTimeout,
            Duration firstByteTimeout, Duration idleTimeout, Duration healthInterval) {}

    /**
     * Where the master key that encrypts users' provider credentials comes from.
     *
     * @param masterKey a Tink keyset (JSON) given by the environment; null to use the file
     * @param masterKeyFile created on first run, readable by its owner only
     */
    public record Credentials(Path masterKeyFile, Secret masterKey) {
        @Override
        public String toString() {
            return "Credentials[masterKeyFile=" + masterKeyFile + ", masterKey=" + (masterKey == null ? "none" : "given") + "]";
        }
    }

    /**
     * OAuth logins users can use instead of API keys.
     *
     * @param clients by provider id; a provider whose client id is {@code off} offers no login
     * @param anthropicPreamble the system block requests with a Claude subscription's token must begin with
     * @param chatGptHeaders sent with every request made with a ChatGPT login
     */
    public record OAuth(Map<String, OAuthClientConfig> clients, String anthropicPreamble,
            Map<String, String> chatGptHeaders) {}

    /**
     * Memory: how text is embedded, and how long an answer waits for its memories.
     *
     * @param recallTimeout how long the memories of one message may take before the answer goes on without them
     * @param previousEmbeddings the model used before {@code embeddings}, which searches use while a user's
     *     insights are embedded anew; null when there is none to use
     * @param reembedBatch how many insights go to the model in one call when they are embedded anew
     * @param retireUnusedAfter how long an insight may go unused before the decay job retires it
     * @param recallMinSimilarity how similar to a message an insight must be to be given with it
     * @param userIndexThreshold insights of the active model from which a user's are searched through an
     *     index of their own (docs/adr/0018)
     * @param userIndexes the most such indexes; 0 for none
     */
    public record Memory(Embeddings embeddings, Duration recallTimeout, double recallMinSimilarity,
            Embeddings previousEmbeddings, int reembedBatch, Duration retireUnusedAfter, long userIndexThreshold,
            int userIndexes) {}

    /**
     * The embedding model.
     *
     * @param provider {@code onnx} (in process, no network), {@code ollama} or {@code openai} (any
     *     OpenAI-compatible endpoint)
     * @param url Ollama's host or the OpenAI-compatible base URL; null for onnx
     * @param model and {@code dimensions}: the remote model and the length of its vectors; ignored for onnx
     * @param timeout for one call to a remote model
     */
    public record Embeddings(String provider, URI url, String model, int dimensions, Secret apiKey, Duration timeout) {
        @Override
        public String toString() {
            return "Embeddings[provider=" + provider + ", url=" + url + ", model=" + model + ", dimensions=" + dimensions
                    + ", apiKey=" + (apiKey == null ? "none" : "given") + ", timeout=" + timeout + "]";
        }
    }

    /** Environment variables and the setting each one overrides. */
    static final Map<String, String> ENVIRONMENT = Map.ofEntries(
            Map.entry("MOSAIC_HOST", "server.host"),
            Map.entry("MOSAIC_PORT", "server.port"),
            Map.entry("MOSAIC_ROUTING_OFFLINE", "routing.offline"),
            Map.entry("MOSAIC_MIDSTREAM_FAILOVER", "routing.midstream-failover"),
            Map.entry("MOSAIC_ROUTING_DEFAULT_CHAIN", "routing.default-chain"),
            Map.entry("MOSAIC_MAX_FRAME_BYTES", "server.max-frame-bytes"),
            Map.entry("MOSAIC_MAX_BODY_BYTES", "server.max-body-bytes"),
            Map.entry("MOSAIC_DB_URL", "database.url"),
            Map.entry("MOSAIC_DB_USER", "database.user"),
            Map.entry("MOSAIC_DB_PASSWORD", "database.password"),
            Map.entry("MOSAIC_DB_OWNER_USER", "database.owner-user"),
            Map.entry("MOSAIC_DB_OWNER_PASSWORD", "database.owner-password"),
            Map.entry("MOSAIC_DB_POOL_SIZE", "database.pool-size"),
            Map.entry("MOSAIC_REDIS_URL", "redis.url"),
            Map.entry("MOSAIC_REDIS_PREFIX", "redis.prefix"),
            Map.entry("MOSAIC_REDIS_CONNECTIONS", "redis.connections"),
            Map.entry("MOSAIC_JOBS_WORKERS", "jobs.workers"),
            Map.entry("MOSAIC_JOBS_CONCURRENCY", "jobs.concurrency"),
            Map.entry("MOSAIC_JOBS_VISIBILITY_TIMEOUT", "jobs.visibility-timeout"),
            Map.entry("MOSAIC_JOBS_GC_SCHEDULE", "jobs.gc-schedule"),
            Map.entry("MOSAIC_JOBS_SUMMARIZE_SCHEDULE", "jobs.summarize-schedule"),
            Map.entry("MOSAIC_JOBS_SUMMARIZE_IDLE_AFTER", "jobs.summarize-idle-after"),
            Map.entry("MOSAIC_JOBS_TIER_SCHEDULE", "jobs.tier-schedule"),
            Map.entry("MOSAIC_JOBS_ARCHIVE_AFTER", "jobs.archive-after"),
            Map.entry("MOSAIC_JOBS_LOG_RETENTION", "jobs.log-retention"),
            Map.entry("MOSAIC_JOBS_MESSAGE_RETENTION", "jobs.message-retention"),
            Map.entry("MOSAIC_JOBS_TIER_BATCH", "jobs.tier-batch"),
            Map.entry("MOSAIC_JOBS_REEMBED_SCHEDULE", "jobs.reembed-schedule"),
            Map.entry("MOSAIC_JOBS_DECAY_SCHEDULE", "jobs.decay-schedule"),
            Map.entry("MOSAIC_JOBS_INSIGHT_INDEX_SCHEDULE", "jobs.insight-index-schedule"),
            Map.entry("MOSAIC_PROVIDER", "chat.provider"),
            Map.entry("MOSAIC_SYSTEM_PROMPT", "chat.system-prompt"),
            Map.entry("ANTHROPIC_BASE_URL", "providers.anthropic.base-url"),
            Map.entry("ANTHROPIC_API_KEY", "providers.anthropic.api-key"),
            Map.entry("ANTHROPIC_MODEL", "providers.anthropic.model"),
            Map.entry("OPENROUTER_BASE_URL", "providers.openrouter.base-url"),
            Map.entry("OPENROUTER_API_KEY", "providers.openrouter.api-key"),
            Map.entry("OPENROUTER_MODEL", "providers.openrouter.model"),
            Map.entry("ZAI_BASE_URL", "providers.zai.base-url"),
            Map.entry("ZAI_API_KEY", "providers.zai.api-key"),
            Map.entry("ZAI_MODEL", "providers.zai.model"),
            Map.entry("MOSAIC_HEALTH_INTERVAL", "providers.health-interval"),
            Map.entry("MOSAIC_MASTER_KEY", "credentials.master-key"),
            Map.entry("MOSAIC_MASTER_KEY_FILE", "credentials.master-key-file"),
            Map.entry("OPENAI_BASE_URL", "providers.openai.base-url"),
            Map.entry("OPENAI_API_KEY", "providers.openai.api-key"),
            Map.entry("OPENAI_MODEL", "providers.openai.model"),
            Map.entry("OLLAMA_HOST", "providers.ollama.host"),
            Map.entry("OLLAMA_MODEL", "providers.ollama.model"),
            Map.entry("MOSAIC_SUMMARIZER_MODEL", "chat.summarizer-model"),
            Map.entry("MOSAIC_SIMULATOR_URL", "providers.simulator.url"),
            Map.entry("MOSAIC_SIMULATOR_CONTEXT_WINDOW", "providers.simulator.context-window"),
            Map.entry("MOSAIC_PROVIDER_IDLE_TIMEOUT", "providers.idle-timeout"),
            Map.entry("ANTHROPIC_OAUTH_CLIENT_ID", "oauth.anthropic.client-id"),
            Map.entry("ANTHROPIC_OAUTH_AUTHORIZE_URL", "oauth.anthropic.authorize-url"),
            Map.entry("ANTHROPIC_OAUTH_TOKEN_URL", "oauth.anthropic.token-url"),
            Map.entry("ANTHROPIC_OAUTH_REDIRECT_URI", "oauth.anthropic.redirect-uri"),
            Map.entry("ANTHROPIC_OAUTH_SCOPES", "oauth.anthropic.scopes"),
            Map.entry("ANTHROPIC_OAUTH_TOKEN_REQUEST", "oauth.anthropic.token-request"),
            Map.entry("OPENAI_OAUTH_CLIENT_ID", "oauth.openai.client-id"),
            Map.entry("OPENAI_OAUTH_AUTHORIZE_URL", "oauth.openai.authorize-url"),
            Map.entry("OPENAI_OAUTH_TOKEN_URL", "oauth.openai.token-url"),
            Map.entry("OPENAI_OAUTH_REDIRECT_URI", "oauth.openai.redirect-uri"),
            Map.entry("OPENAI_OAUTH_SCOPES", "oauth.openai.scopes"),
            Map.entry("OPENAI_OAUTH_API_BASE_URL", "oauth.openai.api-base-url"),
            Map.entry("MOSAIC_EMBEDDINGS", "memory.embeddings.provider"),
            Map.entry("MOSAIC_EMBEDDINGS_URL", "memory.embeddings.url"),
            Map.entry("MOSAIC_EMBEDDINGS_MODEL", "memory.embeddings.model"),
            Map.entry("MOSAIC_EMBEDDINGS_DIMENSIONS", "memory.embeddings.dimensions"),
            Map.entry("MOSAIC_EMBEDDINGS_API_KEY", "memory.embeddings.api-key"),
            Map.entry("MOSAIC_PREVIOUS_EMBEDDINGS", "memory.previous-embeddings.provider"),
            Map.entry("MOSAIC_PREVIOUS_EMBEDDINGS_URL", "memory.previous-embeddings.url"),
            Map.entry("MOSAIC_PREVIOUS_EMBEDDINGS_MODEL", "memory.previous-embeddings.model"),
            Map.entry("MOSAIC_PREVIOUS_EMBEDDINGS_DIMENSIONS", "memory.previous-embeddings.dimensions"),
            Map.entry("MOSAIC_PREVIOUS_EMBEDDINGS_API_KEY", "memory.previous-embeddings.api-key"),
            Map.entry("MOSAIC_MEMORY_RECALL_TIMEOUT", "memory.recall-timeout"),
            Map.entry("MOSAIC_MEMORY_RECALL_MIN_SIMILARITY", "memory.recall-min-similarity"),
            Map.entry("MOSAIC_MEMORY_RETIRE_UNUSED_AFTER", "memory.retire-unused-after"),
            Map.entry("MOSAIC_MEMORY_USER_INDEX_THRESHOLD", "memory.user-index-threshold"),
            Map.entry("MOSAIC_MEMORY_USER_INDEXES", "memory.user-indexes"));

    /** Loads the settings; {@code env} is the process environment (a map, so tests can pass their own). */
    public static GatewaySettings load(Map<String, String> env) {
        Config.Builder builder = Config.builder().disableEnvironmentVariablesSource().disableSystemPropertiesSource();
        String file = env.get("MOSAIC_CONFIG");
        if (file != null && !file.isBlank()) {
            Path path = Path.of(file);
            if (!Files.isReadable(path)) {
                throw new IllegalArgumentException("MOSAIC_CONFIG names " + path + ", which cannot be read");
            }
            builder.addSource(ConfigSources.file(path));
        }
        builder.addSource(ConfigSources.classpath("application.yaml"));
        Config yaml = builder.build();
        // A blank value counts as unset, so that `host: ""` in YAML or an empty variable means "none".
        return from(key -> Optional.ofNullable(env.get(envNameOf(key))).filter(v -> !v.isBlank())
                .or(() -> yaml.get(key).asString().asOptional().filter(v -> !v.isBlank())));
    }

    private static String envNameOf(String key) {
        return ENVIRONMENT.entrySet().stream().filter(e -> e.getValue().equals(key)).map(Map.Entry::getKey)
                .findFirst().orElse("");
    }

    interface Source {
        Optional<String> get(String key);

        default String text(String key) {
            return get(key).orElseThrow(() -> new IllegalArgumentException("setting '" + key + "' is missing"));
        }

        default int integer(String key) {
            String value = text(key);
            try {
                return Integer.parseInt(value.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("setting '" + key + "' must be a whole number, not '" + value + "'");
            }
        }

        default double fraction(String key, double min, double max) {
            String value = text(key);
            try {
                double number = Double.parseDouble(value.strip());
                if (number >= min && number <= max) {
                    return number;
                }
            } catch (NumberFormatException e) {
                // answered below, as an out-of-range value is
            }
            throw new IllegalArgumentException("setting '" + key + "' must be a number from " + min + " to " + max
                    + ", not '" + value + "'");
        }

        default Duration duration(String key) {
            String value = text(key);
            try {
                return Duration.parse(value.strip());
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("setting '" + key + "' must be an ISO-8601 duration such as PT30S, not '"
                        + value + "'");
            }
        }

        default URI uri(String key) {
            String value = text(key);
            try {
                URI uri = URI.create(value.strip());
                if (uri.getScheme() == null || uri.getHost() == null) {
                    throw new IllegalArgumentException("no scheme or host");
                }
                return uri;
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("setting '" + key + "' must be a URL, not '" + value + "'");
            }
        }
    }

    static GatewaySettings from(Source s) {
        return new GatewaySettings(
                new Server(s.text("server.host"), s.integer("server.port"), s.integer("server.max-frame-bytes"),
                        s.integer("server.max-body-bytes")),
                new Database(s.text("database.url"), s.text("database.user"), Secret.ofNullable(s.text("database.password")),
                        s.text("database.owner-user"), Secret.ofNullable(s.text("database.owner-password")),
                        s.integer("database.pool-size")),
                new Redis(s.uri("redis.url"), s.duration("redis.lease-ttl"), s.text("redis.prefix").strip(),
                        s.integer("redis.connections")),
                new Chat(s.text("chat.provider"), s.get("chat.system-prompt").orElse(""), s.duration("chat.flush-interval"),
                        s.get("chat.summarizer-model").orElse(null)),
                new Providers(
                        endpoint(s, "anthropic"),
                        endpoint(s, "openai"),
                        endpoint(s, "openrouter"),
                        endpoint(s, "zai"),
                        s.get("providers.ollama.host").isEmpty() ? null
                                : new Endpoint(ollamaHost(s.text("providers.ollama.host")), null,
                                        s.text("providers.ollama.model"), s.integer("providers.ollama.context-window")),
                        s.get("providers.simulator.url").isPresent() ? s.uri("providers.simulator.url") : null,
                        s.duration("providers.simulator.token-delay"),
                        s.integer("providers.simulator.context-window"),
                        s.duration("providers.connect-timeout"),
                        s.duration("providers.first-byte-timeout"),
                        s.duration("providers.idle-timeout"),
                        s.duration("providers.health-interval")),
                new Credentials(Path.of(s.text("credentials.master-key-file")),
                        Secret.ofNullable(s.get("credentials.master-key").orElse(null))),
                new OAuth(oauthClients(s), s.get("oauth.anthropic.system-preamble").orElse(null),
                        parameters(s, "oauth.openai.request-headers")),
                routing(s),
                jobs(s),
                memory(s));
    }

    private static Jobs jobs(Source s) {
        String workers = s.text("jobs.workers").strip().toLowerCase(Locale.ROOT);
        if (!workers.equals("true") && !workers.equals("false")) {
            throw new IllegalArgumentException("setting 'jobs.workers' must be true or false, not '" + workers + "'");
        }
        Duration archiveAfter = positive(s, "jobs.archive-after");
        Duration logRetention = positive(s, "jobs.log-retention");
        Duration messageRetention = s.text("jobs.message-retention").strip().equalsIgnoreCase("off") ? null
                : positive(s, "jobs.message-retention");
        int tierBatch = s.integer("jobs.tier-batch");
        if (tierBatch < 1) {
            throw new IllegalArgumentException("setting 'jobs.tier-batch' must be at least 1, not " + tierBatch);
        }
        return new Jobs(workers.equals("true"), s.integer("jobs.concurrency"), s.duration("jobs.visibility-timeout"),
                s.text("jobs.gc-schedule").strip(), s.text("jobs.summarize-schedule").strip(),
                s.duration("jobs.summarize-idle-after"), s.text("jobs.tier-schedule").strip(), archiveAfter, logRetention,
                messageRetention, tierBatch, s.text("jobs.reembed-schedule").strip(), s.text("jobs.decay-schedule").strip(),
                s.text("jobs.insight-index-schedule").strip());
    }

    private static Duration positive(Source s, String key) {
        Duration duration = s.duration(key);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("setting '" + key + "' must be longer than zero, not " + duration);
        }
        return duration;
    }

    private static Memory memory(Source s) {
        String previous = s.get("memory.previous-embeddings.provider").orElse("none").strip().toLowerCase(Locale.ROOT);
        int batch = s.integer("memory.reembed-batch");
        if (batch < 1) {
            throw new IllegalArgumentException("setting 'memory.reembed-batch' must be at least 1, not " + batch);
        }
        Duration retire = s.duration("memory.retire-unused-after");
        if (retire.isNegative() || retire.isZero()) {
            throw new IllegalArgumentException("setting 'memory.retire-unused-after' must be a positive duration such as"
                    + " P365D, not '" + retire + "'; turn the decay off with jobs.decay-schedule: off");
        }
        int threshold = s.integer("memory.user-index-threshold");
        if (threshold < 2) {
            throw new IllegalArgumentException("setting 'memory.user-index-threshold' must be at least 2, not " + threshold);
        }
        int userIndexes = s.integer("memory.user-indexes");
        if (userIndexes < 0) {
            throw new IllegalArgumentException("setting 'memory.user-indexes' must be 0 or more, not " + userIndexes);
        }
        return new Memory(embeddings(s, "memory.embeddings."), s.duration("memory.recall-timeout"),
                s.fraction("memory.recall-min-similarity", -1, 1),
                previous.equals("none") ? null : embeddings(s, "memory.previous-embeddings."), batch, retire, threshold,
                userIndexes);
    }

    /** @param at the settings' common beginning, e.g. {@code memory.embeddings.} */
    private static Embeddings embeddings(Source s, String at) {
        String provider = s.text(at + "provider").strip().toLowerCase(Locale.ROOT);
        Duration timeout = s.get(at + "timeout").isPresent() ? s.duration(at + "timeout")
                : s.duration("memory.embeddings.timeout");
        return switch (provider) {
            case "onnx" -> new Embeddings(provider, null, null, 0, null, timeout);
            case "ollama", "openai" -> {
                int dimensions = s.integer(at + "dimensions");
                if (dimensions < 1) {
                    throw new IllegalArgumentException("setting '" + at + "dimensions' must be the length of the"
                            + " model's vectors, from 1");
                }
                yield new Embeddings(provider, provider.equals("ollama") ? ollamaHost(s.text(at + "url"))
                        : s.uri(at + "url"), s.text(at + "model").strip(), dimensions, apiKey(s, at + "api-key"), timeout);
            }
            default -> throw new IllegalArgumentException("setting '" + at + "provider' must be onnx, ollama or"
                    + " openai" + (at.startsWith("memory.previous") ? ", or none" : "") + ", not '" + provider + "'");
        };
    }

    private static Routing routing(Source s) {
        String failover = s.text("routing.midstream-failover").strip().toLowerCase(Locale.ROOT);
        if (!failover.equals("continue") && !failover.equals("stop")) {
            throw new IllegalArgumentException("setting 'routing.midstream-failover' must be continue or stop, not '"
                    + failover + "'");
        }
        List<RouteTarget> chain = new java.util.ArrayList<>();
        for (String model : s.text("routing.default-chain").split(",")) {
            if (!model.isBlank()) {
                try {
                    chain.add(RouteTarget.parse(model));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("setting 'routing.default-chain' must list provider/model, comma "
                            + "separated: " + e.getMessage());
                }
            }
        }
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("setting 'routing.default-chain' must name at least one provider/model");
        }
        String offline = s.text("routing.offline").strip().toLowerCase(Locale.ROOT);
        if (!offline.equals("true") && !offline.equals("false")) {
            throw new IllegalArgumentException("setting 'routing.offline' must be true or false, not '" + offline + "'");
        }
        return new Routing(offline.equals("true"), failover.equals("continue"), List.copyOf(chain));
    }

    /** The providers with a client id that is not {@code off}; the rest of each preset is required then. */
    private static Map<String, OAuthClientConfig> oauthClients(Source s) {
        Map<String, OAuthClientConfig> clients = new LinkedHashMap<>();
        for (String provider : List.of("anthropic", "openai")) {
            String at = "oauth." + provider + ".";
            Optional<String> clientId = s.get(at + "client-id");
            if (clientId.isEmpty() || clientId.get().strip().equalsIgnoreCase("off")) {
                continue;
            }
            String format = s.get(at + "token-request").orElse("form").strip().toUpperCase(Locale.ROOT);
            if (!format.equals("FORM") && !format.equals("JSON")) {
                throw new IllegalArgumentException("setting '" + at + "token-request' must be form or json, not '" + format + "'");
            }
            clients.put(provider, new OAuthClientConfig(provider, s.uri(at + "authorize-url"), s.uri(at + "token-url"),
                    clientId.get().strip(), s.uri(at + "redirect-uri"), s.get(at + "scopes").orElse(""),
                    parameters(s, at + "authorize-parameters"), OAuthClientConfig.TokenRequestFormat.valueOf(format),
                    Boolean.parseBoolean(s.get(at + "state-is-verifier").orElse("false").strip()),
                    s.get(at + "account-id-claim").map(path -> Arrays.asList(path.strip().split("\\s+"))).orElse(List.of()),
                    s.get(at + "api-base-url").isPresent() ? s.uri(at + "api-base-url") : null));
        }
        return clients;
    }

    /** {@code name=value} pairs separated by {@code &}, as in a query string (values are not encoded). */
    private static Map<String, String> parameters(Source s, String key) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String pair : s.get(key).orElse("").split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                parameters.put(pair.substring(0, equals).strip(), pair.substring(equals + 1).strip());
            } else if (!pair.isBlank()) {
                throw new IllegalArgumentException("setting '" + key + "' must be name=value pairs joined by &, not '" + pair + "'");
            }
        }
        return parameters;
    }

    private static Endpoint endpoint(Source s, String provider) {
        String at = "providers." + provider + ".";
        return new Endpoint(s.uri(at + "base-url"), apiKey(s, at + "api-key"), s.text(at + "model"),
                s.integer(at + "context-window"));
    }

    /** Refused at startup when it could not be sent, rather than failing every call in the HTTP client's words. */
    private static Secret apiKey(Source s, String key) {
        Secret secret = Secret.ofNullable(s.get(key).orElse(null));
        Optional<String> problem = secret == null ? Optional.empty() : secret.headerValueProblem();
        if (problem.isPresent()) {
            throw new IllegalArgumentException("setting '" + key + "' cannot be sent to the provider: " + problem.get());
        }
        return secret;
    }

    /** OLLAMA_HOST names the server, often without a scheme. */
    private static URI ollamaHost(String host) {
        String base = (host.contains("://") ? host : "http://" + host).strip().replaceAll("/+$", "");
        try {
            return URI.create(base);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("OLLAMA_HOST / providers.ollama.host must be host:port or a URL, not '" + host + "'");
        }
    }
}
