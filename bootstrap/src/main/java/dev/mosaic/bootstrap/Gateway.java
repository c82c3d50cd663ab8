package dev.mosaic.bootstrap;

import dev.mosaic.adapters.in.web.GatewayServer;
import dev.mosaic.adapters.in.web.GatewayUseCases;
import dev.mosaic.adapters.in.web.ReadinessCheck;
import dev.mosaic.adapters.in.web.WebConfig;
import dev.mosaic.adapters.out.crypto.MasterKeyConfig;
import dev.mosaic.adapters.out.crypto.TinkCredentialCipher;
import dev.mosaic.adapters.out.providers.JacksonJsonCodec;
import dev.mosaic.adapters.out.providers.ModelListCredentialCheck;
import dev.mosaic.adapters.out.providers.OkHttpChatProviderFactory;
import dev.mosaic.adapters.out.providers.ProviderHttpClients;
import dev.mosaic.adapters.out.providers.oauth.OkHttpOAuthTokenEndpoint;
import dev.mosaic.adapters.out.redis.RedisAbortSignals;
import dev.mosaic.adapters.out.redis.RedisConversationFeed;
import dev.mosaic.adapters.out.redis.RedisConfig;
import dev.mosaic.adapters.out.redis.RedisConversationDigests;
import dev.mosaic.adapters.out.redis.RedisNamespace;
import dev.mosaic.adapters.out.redis.RedisOwnerChanges;
import dev.mosaic.adapters.out.redis.RedisPendingLogins;
import dev.mosaic.adapters.out.redis.RedisReplyLeases;
import dev.mosaic.adapters.out.redis.RedisRequestKeys;
import dev.mosaic.adapters.out.resilience.Resilience4jProviderCircuits;
import dev.mosaic.adapters.out.tokenizer.JtokkitTokenCounter;
import dev.mosaic.application.channel.ChannelAdapter;
import dev.mosaic.application.port.in.ManageAccountsUseCase;
import dev.mosaic.application.port.out.ProviderCredentials;
import dev.mosaic.application.service.AccountService;
import dev.mosaic.application.service.AgentService;
import dev.mosaic.application.service.CalibratedTokenCounter;
import dev.mosaic.application.service.ChatService;
import dev.mosaic.application.service.CommandService;
import dev.mosaic.application.service.ContextManager;
import dev.mosaic.application.service.ConversationContinuityService;
import dev.mosaic.application.service.ConversationService;
import dev.mosaic.application.service.ConversationWatchService;
import dev.mosaic.application.service.CredentialService;
import dev.mosaic.application.service.EmbeddingIndex;
import dev.mosaic.application.service.MemoryContext;
import dev.mosaic.application.service.InsightIndexJobs;
import dev.mosaic.application.service.MemoryJobs;
import dev.mosaic.application.service.MemoryService;
import dev.mosaic.application.service.ModelCatalogService;
import dev.mosaic.application.service.OAuthLoginService;
import dev.mosaic.application.service.ProviderHealthService;
import dev.mosaic.application.service.RepeatedRequestsService;
import dev.mosaic.application.service.RetryPolicy;
import dev.mosaic.application.service.RoutingRuleService;
import dev.mosaic.application.service.RoutingService;
import dev.mosaic.application.service.RoutingSettings;
import dev.mosaic.application.service.ToolCatalogService;
import dev.mosaic.application.tool.ToolRegistry;
import dev.mosaic.application.tool.ToolRunner;
import dev.mosaic.domain.routing.TaskClassifier;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.logging.Logger;
import okhttp3.OkHttpClient;
import redis.clients.jedis.RedisClient;

/** A running gateway: everything {@link #start} built, closed in reverse order. */
public final class Gateway implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Gateway.class.getName());
    /** How long a client that starts watching mid-answer waits for the writer's snapshot before it goes on without. */
    private static final Duration CATCH_UP_WAIT = Duration.ofSeconds(2);

    private final List<AutoCloseable> resources;
    private final GatewayServer.Running server;
    private final AccountService accounts;

    private Gateway(List<AutoCloseable> resources, GatewayServer.Running server, AccountService accounts) {
        this.resources = resources;
        this.server = server;
        this.accounts = accounts;
    }

    public static Gateway start(GatewaySettings settings) {
        return start(settings, Clock.systemUTC());
    }

    public static Gateway start(GatewaySettings settings, Clock clock) {
        return start(settings, clock, Storage::postgres);
    }

    /**
     * Starts with the given storage instead of PostgreSQL; the relay benchmark uses this to measure
     * what persistence itself adds.
     */
    public static Gateway start(GatewaySettings settings, Clock clock, Function<GatewaySettings.Database, Storage> storage) {
        return start(settings, clock, storage, true);
    }

    /** Runs background job workers and schedules only, without the web server ({@code ./mosaic worker}). */
    public static Gateway startWorker(GatewaySettings settings) {
        return start(settings, Clock.systemUTC(), Storage::postgres, false);
    }

    private static Gateway start(GatewaySettings settings, Clock clock, Function<GatewaySettings.Database, Storage> storage,
            boolean serve) {
        List<AutoCloseable> resources = new ArrayList<>();
        try {
            Storage database = storage.apply(settings.database());
            resources.add(database);
            RedisClient redis = RedisConfig.client(settings.redis().url(), settings.redis().connections());
            resources.add(redis);
            RedisNamespace namespace = new RedisNamespace(settings.redis().prefix());
            RedisReplyLeases leases = new RedisReplyLeases(redis, new RedisConfig(settings.redis().url(), settings.redis().leaseTtl()),
                    namespace);
            resources.add(leases);
            if (!leases.isReachable()) {
                throw new IllegalStateException("Redis is not reachable at " + new RedisConfig(settings.redis().url(),
                        settings.redis().leaseTtl()).safeUrl() + ": start it (scripts/services.sh) or set MOSAIC_REDIS_URL");
            }
            ModelCatalogService catalog = new ModelCatalogService();
            OkHttpClient http = ProviderHttpClients.create();
            OkHttpChatProviderFactory adapters = ChatProviders.adapters(settings.providers(), settings.oauth(), http);
            ChatProviders.Choice provider = ChatProviders.choose(settings.chat(), settings.providers(), adapters, catalog);
            resources.addAll(provider.resources());

            // One tokenizer for the gateway: its two encodings hold about 300,000 token ranks.
            JtokkitTokenCounter tokenizer = new JtokkitTokenCounter();
            ContextManager context = new ContextManager(database.checkpoints(), new CalibratedTokenCounter(tokenizer), clock);
            Resilience4jProviderCircuits circuits = Resilience4jProviderCircuits.withDefaults();
            TinkCredentialCipher cipher = openMasterKey(settings.credentials(), database.providerCredentials());
            OkHttpOAuthTokenEndpoint tokenEndpoint = new OkHttpOAuthTokenEndpoint(http);
            // Each instance caches what every message needs of its owner (tokens, rules, agents, memory,
            // credentials), and drops it when any instance announces a change here (subscribed below, once all exist).
            RedisOwnerChanges ownerChanges = new RedisOwnerChanges(redis, namespace);
            AccountService accounts = new AccountService(database.users(), database.apiTokens(), ownerChanges, clock);
            CredentialService credentials = new CredentialService(database.providerCredentials(), cipher,
                    new ModelListCredentialCheck(adapters), tokenEndpoint, settings.oauth().clients(), ownerChanges, clock);
            OAuthLoginService logins = new OAuthLoginService(settings.oauth().clients(), new RedisPendingLogins(redis, namespace),
                    cipher, tokenEndpoint, credentials, clock);
            RoutingRuleService rules = new RoutingRuleService(database.routingRules(), database.users(), ownerChanges,
                    catalog::whyNotRoutable, database.agents());
            GatewaySettings.Routing routing = settings.routing();
            GatewaySettings.Chat chatSettings = settings.chat();
            TaskClassifier classifier = new TaskClassifier();
            RoutingService router = new RoutingService(classifier::classify, rules, provider.available(), provider.simulator(),
                    adapters, credentials, circuits, catalog, new RoutingSettings(routing.defaultChain(), routing.offline(),
                            provider.simulatorOnly(), routing.midstreamFailover(), chatSettings.systemPrompt(),
                            chatSettings.flushInterval(), chatSettings.summarizerModel(),
                            settings.providers().simulatorContextWindow(), provider.pin()), database.agents());
            RedisAbortSignals abortSignals = new RedisAbortSignals(redis, namespace);
            // Conversations watched live, from any instance (docs/adr/0016-live-conversations.md).
            RedisConversationFeed feed = new RedisConversationFeed(redis, namespace, GatewayServer.frames());
            resources.add(feed);
            ConversationService conversations = new ConversationService(database.conversations(),
                    database.messageSearch(), leases, database.conversationMetrics());
            // Memory: preferences and insights, embedded by the configured model (in process by default);
            // after a change of model, searches may use the previous one until insights are embedded anew.
            EmbeddingIndex embeddings = new EmbeddingIndex(EmbeddingModels.of(settings.memory().embeddings(), http),
                    database.embeddingVectors(), clock);
            MemoryService memory = new MemoryService(database.memories(), embeddings, EmbeddingModels.previous(
                    settings.memory(), http).map(model -> new EmbeddingIndex(model, database.embeddingVectors(), clock)),
                    ownerChanges, clock);
            // One subscription, before anything is served: an owner changed anywhere is dropped from every cache.
            resources.add(ownerChanges.subscribe(owner -> {
                accounts.changed(owner);
                credentials.changed(owner);
                rules.changed(owner);
                router.agentsChanged(owner);
                memory.changed(owner);
            }, () -> {
                accounts.changesMissed();
                credentials.changesMissed();
                rules.forgetAll();
                router.forgetAgents();
                memory.changesMissed();
            }));
            JacksonJsonCodec json = new JacksonJsonCodec();
            ToolRegistry tools = Tools.registry(conversations, memory, json, clock);
            ChatService chat = new ChatService(database.conversations(), leases, abortSignals, router, context,
                    RetryPolicy.DEFAULT, circuits, catalog, clock, new ToolRunner(tools, json),
                    database.conversationMetrics(), new MemoryContext(memory, tokenizer,
                            MemoryContext.Settings.DEFAULTS.withTimeout(settings.memory().recallTimeout())
                                    .withMinSimilarity(settings.memory().recallMinSimilarity()))::recall, feed);
            resources.add(abortSignals.subscribe(chat::abortSignalled));
            resources.add(feed.onCatchUp(chat::catchUpRequested));
            ProviderHealthService health = new ProviderHealthService(provider.probes(), circuits, clock,
                    settings.providers().connectTimeout());
            resources.add(Periodic.every(settings.providers().healthInterval(), "provider-health", health::probeAll));
            // ---- background jobs (docs/adr/0013-job-queue.md): gc settles replies whose writer died; idle
            // conversations are summarized; insights are embedded anew after a change of model, and retired
            // when unused for long
            BackgroundJobs jobs = BackgroundJobs.start(settings.jobs(), settings.jobs().workers() || !serve, redis, namespace,
                    database, chat, router, memory, new MemoryJobs(database.memories(), embeddings,
                            settings.memory().retireUnusedAfter(), settings.memory().reembedBatch(), ownerChanges, clock),
                    new InsightIndexJobs(database.insightIndexes(), embeddings::space, new InsightIndexJobs.Settings(
                            settings.memory().userIndexThreshold(), settings.memory().userIndexes())), clock);
            resources.add(jobs.stopper());
            if (!serve) {
                LOG.info("Mosaic worker running the background jobs");
                return new Gateway(resources, null, accounts);
            }
            // ---- end of background jobs
            CommandService commands = new CommandService(database.conversations(), context, router, database.agents());
            AgentService agents = new AgentService(database.agents(), database.users(),
                    model -> catalog.whyNotRoutable(model).isEmpty(), tools, clock, ownerChanges,
                    router::agentsChanged);
            GatewayServer.Running server = GatewayServer.start(
                    new WebConfig(settings.server().host(), settings.server().port(), settings.server().maxFrameBytes(),
                            settings.server().maxBodyBytes()),
                    new GatewayUseCases(accounts, chat, chat, chat, commands, conversations, conversations, conversations,
                            health, credentials, logins, catalog, rules, router, conversations, conversations, agents,
                            new ToolCatalogService(tools), jobs.service(), memory,
                            new ConversationWatchService(chat, feed, CATCH_UP_WAIT), router,
                            new ConversationContinuityService(database.conversations(),
                                    new RedisConversationDigests(redis, namespace), tools::knows),
                            new RepeatedRequestsService(new RedisRequestKeys(redis, namespace),
                                    database.conversations())),
                    List.of(new ReadinessCheck(database.name(), database::isReachable),
                            new ReadinessCheck("redis", leases::isReachable)),
                    database.gauges());
            resources.add(server::stop);
            LOG.info(() -> "Mosaic gateway listening on ws://" + settings.server().host() + ":" + server.port()
                    + "/v1/ws; " + provider.summary());
            return new Gateway(resources, server, accounts);
        } catch (RuntimeException e) {
            closeAll(resources);
            throw e;
        }
    }

    /** The cipher for provider credentials; it refuses to make a new key while credentials encrypted under the old one exist. */
    static TinkCredentialCipher openMasterKey(GatewaySettings.Credentials keys, ProviderCredentials stored) {
        return TinkCredentialCipher.open(keys.masterKey() != null ? MasterKeyConfig.given(keys.masterKey())
                : MasterKeyConfig.file(keys.masterKeyFile()), () -> !stored.owners().isEmpty());
    }

    public int port() {
        if (server == null) {
            throw new IllegalStateException("a worker process serves no HTTP");
        }
        return server.port();
    }

    public URI webSocketUri() {
        return URI.create("ws://127.0.0.1:" + port() + "/v1/ws");
    }

    public URI httpUri() {
        return URI.create("http://127.0.0.1:" + port());
    }

    /** The channels people reach this gateway through; none for a worker. */
    public List<ChannelAdapter> channels() {
        return server == null ? List.of() : server.channels();
    }

    public ManageAccountsUseCase accounts() {
        return accounts;
    }

    @Override
    public void close() {
        closeAll(resources);
    }

    private static void closeAll(List<AutoCloseable> resources) {
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                LOG.warning("while stopping: " + e);
            }
        }
        resources.clear();
    }
}
