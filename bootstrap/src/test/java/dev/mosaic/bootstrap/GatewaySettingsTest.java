package dev.mosaic.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.application.service.MemoryContext;
import dev.mosaic.adapters.out.providers.ProviderHttpClients;
import dev.mosaic.application.credential.OAuthClientConfig;
import dev.mosaic.application.service.ModelCatalogService;
import dev.mosaic.domain.routing.RouteTarget;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatewaySettingsTest {

    @Test
    void theDefaultsRunEverythingOnThisMachineWithTheSimulator() throws Exception {
        GatewaySettings settings = GatewaySettings.load(Map.of());
        assertEquals(8080, settings.server().port());
        assertEquals(1 << 20, settings.server().maxBodyBytes());
        assertEquals("jdbc:postgresql://127.0.0.1:5432/mosaic", settings.database().url());
        assertEquals("mosaic_app", settings.database().user());
        assertEquals(URI.create("redis://127.0.0.1:6379/0"), settings.redis().url());
        assertEquals("mosaic", settings.redis().prefix());
        assertEquals("auto", settings.chat().provider());
        assertNull(settings.providers().openai().apiKey());
        assertNull(settings.providers().ollama(), "no Ollama unless a host is configured");
        assertFalse(settings.routing().offline());
        assertTrue(settings.routing().midstreamFailover());
        assertEquals(List.of(new RouteTarget("anthropic", "claude-sonnet-4-6"), new RouteTarget("openai", "gpt-5.4"),
                new RouteTarget("zai", "glm-5"), new RouteTarget("ollama", "llama3.2")), settings.routing().defaultChain());
        ChatProviders.Choice choice = choose(settings);
        try {
            assertEquals("simulator", choice.simulator().id(), "with no provider, the simulator stands in");
            assertFalse(choice.simulatorOnly(), "only while no provider is reachable");
            assertNull(choice.pin());
            assertTrue(choice.summary().contains("no provider credentials"), choice.summary());
            assertEquals(1, choice.resources().size(), "the embedded simulator stops with the gateway");
            assertEquals(List.of("simulator"), choice.probes().stream().map(p -> p.provider()).toList());
        } finally {
            for (AutoCloseable resource : choice.resources()) {
                resource.close();
            }
        }
    }

    @Test
    void memoryEmbedsInProcessByDefaultAndElsewhereOnlyWhenToldWhereAndHowLong() {
        GatewaySettings.Memory defaults = GatewaySettings.load(Map.of()).memory();
        assertEquals("onnx", defaults.embeddings().provider());
        assertNull(defaults.embeddings().url());
        assertEquals(Duration.ofSeconds(2), defaults.recallTimeout());
        assertEquals(MemoryContext.Settings.DEFAULTS.minSimilarity(), defaults.recallMinSimilarity(),
                "the shipped threshold is the one the calibration test checks");
        assertEquals(0.7, GatewaySettings.load(Map.of("MOSAIC_MEMORY_RECALL_MIN_SIMILARITY", "0.7")).memory()
                .recallMinSimilarity());
        IllegalArgumentException outOfRange = assertThrows(IllegalArgumentException.class,
                () -> GatewaySettings.load(Map.of("MOSAIC_MEMORY_RECALL_MIN_SIMILARITY", "high")));
        assertTrue(outOfRange.getMessage().contains("memory.recall-min-similarity"), outOfRange.getMessage());

        GatewaySettings.Embeddings ollama = GatewaySettings.load(Map.of("MOSAIC_EMBEDDINGS", "ollama",
                "MOSAIC_EMBEDDINGS_URL", "127.0.0.1:11434", "MOSAIC_EMBEDDINGS_MODEL", "nomic-embed-text",
                "MOSAIC_EMBEDDINGS_DIMENSIONS", "768")).memory().embeddings();
        assertEquals(URI.create("http://127.0.0.1:11434"), ollama.url());
        assertEquals(768, ollama.dimensions());

        assertThrows(IllegalArgumentException.class, () -> GatewaySettings.load(Map.of("MOSAIC_EMBEDDINGS", "ollama",
                "MOSAIC_EMBEDDINGS_URL", "127.0.0.1:11434", "MOSAIC_EMBEDDINGS_MODEL", "nomic-embed-text")));
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> GatewaySettings.load(Map.of("MOSAIC_EMBEDDINGS", "word2vec")));
        assertTrue(unknown.getMessage().contains("onnx, ollama or openai"), unknown.getMessage());
        GatewaySettings.Embeddings openai = GatewaySettings.load(Map.of("MOSAIC_EMBEDDINGS", "openai",
                "MOSAIC_EMBEDDINGS_URL", "https://api.openai.com/v1", "MOSAIC_EMBEDDINGS_MODEL", "text-embedding-3-small",
                "MOSAIC_EMBEDDINGS_DIMENSIONS", "1536", "MOSAIC_EMBEDDINGS_API_KEY", "sk-test")).memory().embeddings();
        assertFalse(openai.toString().contains("sk-test"), openai.toString());
    }

    @Test
    void memoryUpkeepRunsByDefaultAndThePreviousModelIsOnlyUsedWhenNamed() {
        GatewaySettings defaults = GatewaySettings.load(Map.of());
        assertEquals("every 1h", defaults.jobs().reembedSchedule());
        assertEquals("0 3 * * *", defaults.jobs().decaySchedule());
        assertEquals(Duration.ofDays(365), defaults.memory().retireUnusedAfter());
        assertEquals(32, defaults.memory().reembedBatch());
        assertNull(defaults.memory().previousEmbeddings());
        assertEquals("every 10m", defaults.jobs().insightIndexSchedule());
        assertEquals(5_000, defaults.memory().userIndexThreshold());
        assertEquals(100, defaults.memory().userIndexes());

        GatewaySettings changed = GatewaySettings.load(Map.of("MOSAIC_EMBEDDINGS", "ollama",
                "MOSAIC_EMBEDDINGS_URL", "127.0.0.1:11434", "MOSAIC_EMBEDDINGS_MODEL", "mxbai-embed-large",
                "MOSAIC_EMBEDDINGS_DIMENSIONS", "1024", "MOSAIC_PREVIOUS_EMBEDDINGS", "onnx",
                "MOSAIC_JOBS_DECAY_SCHEDULE", "off", "MOSAIC_MEMORY_RETIRE_UNUSED_AFTER", "P90D",
                "MOSAIC_MEMORY_USER_INDEX_THRESHOLD", "20000", "MOSAIC_MEMORY_USER_INDEXES", "0"));
        assertEquals("onnx", changed.memory().previousEmbeddings().provider());
        assertEquals(Duration.ofSeconds(10), changed.memory().previousEmbeddings().timeout());
        assertEquals("off", changed.jobs().decaySchedule());
        assertEquals(Duration.ofDays(90), changed.memory().retireUnusedAfter());
        assertEquals(20_000, changed.memory().userIndexThreshold());
        assertEquals(0, changed.memory().userIndexes());
        assertTrue(EmbeddingModels.previous(defaults.memory(), null).isEmpty(), "none configured");

        IllegalArgumentException previous = assertThrows(IllegalArgumentException.class, () -> GatewaySettings.load(
                Map.of("MOSAIC_PREVIOUS_EMBEDDINGS", "ollama", "MOSAIC_PREVIOUS_EMBEDDINGS_URL", "127.0.0.1:11434",
                        "MOSAIC_PREVIOUS_EMBEDDINGS_MODEL", "nomic-embed-text")));
        assertTrue(previous.getMessage().contains("memory.previous-embeddings.dimensions"), previous.getMessage());
        IllegalArgumentException retire = assertThrows(IllegalArgumentException.class, () -> GatewaySettings.load(
                Map.of("MOSAIC_MEMORY_RETIRE_UNUSED_AFTER", "PT0S")));
        assertTrue(retire.getMessage().contains("memory.retire-unused-after"), retire.getMessage());
    }

    @Test
    void environmentVariablesWinUnderTheNamesTheEcosystemUses() {
        GatewaySettings settings = GatewaySettings.load(Map.of(
                "MOSAIC_PORT", "9000",
                "MOSAIC_DB_URL", "jdbc:postgresql://db:5432/other",
                "MOSAIC_REDIS_URL", "redis://cache:6380/1",
                "MOSAIC_REDIS_PREFIX", "staging",
                "OPENAI_API_KEY", "sk-test-0123456789abcdef",
                "OPENAI_BASE_URL", "http://127.0.0.1:1234/v1",
                "OLLAMA_HOST", "127.0.0.1:11434"));
        assertEquals(9000, settings.server().port());
        assertEquals("jdbc:postgresql://db:5432/other", settings.database().url());
        assertEquals(URI.create("redis://cache:6380/1"), settings.redis().url());
        assertEquals("staging", settings.redis().prefix());
        assertEquals(32, settings.redis().connections(), "more than the client library's 8 by default");
        assertEquals("sk-test-0123456789abcdef", settings.providers().openai().apiKey().reveal());
        assertFalse(settings.providers().openai().apiKey().toString().contains("0123456789"), "keys print masked");
        assertEquals(URI.create("http://127.0.0.1:1234/v1"), settings.providers().openai().baseUrl());
        assertEquals(URI.create("http://127.0.0.1:11434"), settings.providers().ollama().baseUrl());

        ChatProviders.Choice choice = choose(settings);
        assertNull(choice.simulator(), "a configured provider: the simulator stands in for nothing");
        assertNull(choice.pin(), "routing chooses");
        assertTrue(choice.summary().contains("openai, ollama"), choice.summary());
        assertEquals(List.of("openai", "ollama"), choice.available().stream().map(p -> p.id()).toList());
        assertEquals(List.of("openai", "ollama"), choice.probes().stream().map(p -> p.provider()).toList(),
                "every configured provider is probed for the health view");
    }

    @Test
    void everyProviderIsConfiguredByItsOwnVariables() {
        GatewaySettings settings = GatewaySettings.load(Map.of(
                "ANTHROPIC_API_KEY", "sk-ant-0123456789abcdef", "ANTHROPIC_BASE_URL", "http://127.0.0.1:1/anthropic",
                "OPENROUTER_API_KEY", "sk-or-0123456789abcdef", "ZAI_API_KEY", "zai-0123456789abcdef",
                "MOSAIC_PROVIDER", "zai"));
        assertEquals(URI.create("http://127.0.0.1:1/anthropic"), settings.providers().anthropic().baseUrl());
        assertEquals(URI.create("https://openrouter.ai/api/v1"), settings.providers().openrouter().baseUrl());
        ChatProviders.Choice choice = choose(settings);
        assertEquals(new RouteTarget("zai", "glm-5"), choice.pin(), "chat.provider pins its model");
        assertEquals(List.of("anthropic", "openrouter", "zai"), choice.available().stream().map(p -> p.id()).toList());
    }

    @Test
    void aConfigFileOverridesTheDefaultsAndTheEnvironmentOverridesTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("mosaic.yaml");
        Files.writeString(file, "server:\n  port: 7000\nchat:\n  flush-interval: PT0.5S\n");
        GatewaySettings fromFile = GatewaySettings.load(Map.of("MOSAIC_CONFIG", file.toString()));
        assertEquals(7000, fromFile.server().port());
        assertEquals(Duration.ofMillis(500), fromFile.chat().flushInterval());
        assertEquals(7001, GatewaySettings.load(Map.of("MOSAIC_CONFIG", file.toString(), "MOSAIC_PORT", "7001"))
                .server().port());
    }

    @Test
    void theOAuthPresetsAreTheProvidersOwnClientsAndEachPartCanBeChanged() {
        GatewaySettings.OAuth presets = GatewaySettings.load(Map.of()).oauth();
        OAuthClientConfig anthropic = presets.clients().get("anthropic");
        assertEquals("9d1c250a-e61b-44d9-88ed-5944d1962f5e", anthropic.clientId());
        assertEquals(URI.create("http://localhost:53692/callback"), anthropic.redirectUri());
        assertEquals(OAuthClientConfig.TokenRequestFormat.JSON, anthropic.tokenRequestFormat());
        assertTrue(anthropic.stateIsVerifier());
        assertEquals(Map.of("code", "true"), anthropic.extraAuthorizeParameters());
        OAuthClientConfig openai = presets.clients().get("openai");
        assertEquals(List.of("https://api.openai.com/auth", "chatgpt_account_id"), openai.accountIdClaim());
        assertEquals(URI.create("https://chatgpt.com/backend-api/codex"), openai.apiBaseUrl());
        assertEquals(OAuthClientConfig.TokenRequestFormat.FORM, openai.tokenRequestFormat());
        assertEquals("responses=experimental", presets.chatGptHeaders().get("OpenAI-Beta"));

        GatewaySettings.OAuth changed = GatewaySettings.load(Map.of("ANTHROPIC_OAUTH_CLIENT_ID", "off",
                "OPENAI_OAUTH_TOKEN_URL", "http://127.0.0.1:9000/token")).oauth();
        assertEquals(List.of("openai"), List.copyOf(changed.clients().keySet()), "client id off turns a login off");
        assertEquals(URI.create("http://127.0.0.1:9000/token"), changed.clients().get("openai").tokenUrl());
        IllegalArgumentException format = assertThrows(IllegalArgumentException.class,
                () -> GatewaySettings.load(Map.of("ANTHROPIC_OAUTH_TOKEN_REQUEST", "xml")));
        assertTrue(format.getMessage().contains("oauth.anthropic.token-request"), format.getMessage());
    }

    @Test
    void routingSettingsAreCheckedAndNameTheSetting() {
        GatewaySettings.Routing routing = GatewaySettings.load(Map.of("MOSAIC_ROUTING_OFFLINE", "true",
                "MOSAIC_MIDSTREAM_FAILOVER", "stop", "MOSAIC_ROUTING_DEFAULT_CHAIN",
                "ollama/qwen2.5, openrouter/anthropic/claude-sonnet-4.6")).routing();
        assertTrue(routing.offline());
        assertFalse(routing.midstreamFailover());
        assertEquals(List.of(new RouteTarget("ollama", "qwen2.5"), new RouteTarget("openrouter", "anthropic/claude-sonnet-4.6")),
                routing.defaultChain());
        for (Map<String, String> bad : List.of(Map.of("MOSAIC_ROUTING_OFFLINE", "maybe"),
                Map.of("MOSAIC_MIDSTREAM_FAILOVER", "retry"), Map.of("MOSAIC_ROUTING_DEFAULT_CHAIN", "opus"),
                Map.of("MOSAIC_ROUTING_DEFAULT_CHAIN", " , "))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GatewaySettings.load(bad));
            assertTrue(e.getMessage().contains("routing."), e.getMessage());
        }
    }

    @Test
    void tierManagementRunsDailyKeepsMessagesAndChecksItsAges() {
        GatewaySettings.Jobs defaults = GatewaySettings.load(Map.of()).jobs();
        assertEquals("30 3 * * *", defaults.tierSchedule());
        assertEquals(Duration.ofDays(30), defaults.archiveAfter());
        assertEquals(Duration.ofDays(90), defaults.logRetention());
        assertEquals(1000, defaults.tierBatch());
        assertNull(defaults.messageRetention(), "messages are kept unless an operator sets a retention");
        GatewaySettings.Jobs set = GatewaySettings.load(Map.of("MOSAIC_JOBS_TIER_SCHEDULE", "off",
                "MOSAIC_JOBS_ARCHIVE_AFTER", "P7D", "MOSAIC_JOBS_LOG_RETENTION", "P365D", "MOSAIC_JOBS_TIER_BATCH", "50",
                "MOSAIC_JOBS_MESSAGE_RETENTION", "P730D")).jobs();
        assertEquals(List.of("off", Duration.ofDays(7), Duration.ofDays(365), 50, Duration.ofDays(730)),
                List.of(set.tierSchedule(), set.archiveAfter(), set.logRetention(), set.tierBatch(), set.messageRetention()));
        for (Map.Entry<String, String> bad : Map.of("MOSAIC_JOBS_ARCHIVE_AFTER", "PT0S", "MOSAIC_JOBS_LOG_RETENTION", "-P1D",
                "MOSAIC_JOBS_TIER_BATCH", "0", "MOSAIC_JOBS_MESSAGE_RETENTION", "forever").entrySet()) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> GatewaySettings.load(Map.of(bad.getKey(), bad.getValue())));
            assertTrue(refused.getMessage().contains(GatewaySettings.ENVIRONMENT.get(bad.getKey())), refused.getMessage());
        }
    }

    @Test
    void badValuesNameTheSettingAndWhatIsExpected() {
        IllegalArgumentException port = assertThrows(IllegalArgumentException.class,
                () -> GatewaySettings.load(Map.of("MOSAIC_PORT", "eighty")));
        assertTrue(port.getMessage().contains("server.port"), port.getMessage());
        IllegalArgumentException redis = assertThrows(IllegalArgumentException.class,
                () -> GatewaySettings.load(Map.of("MOSAIC_REDIS_URL", "not a url")));
        assertTrue(redis.getMessage().contains("redis.url"), redis.getMessage());
        IllegalArgumentException file = assertThrows(IllegalArgumentException.class,
                () -> GatewaySettings.load(Map.of("MOSAIC_CONFIG", "/nonexistent/mosaic.yaml")));
        assertTrue(file.getMessage().contains("MOSAIC_CONFIG"), file.getMessage());
        GatewaySettings settings = GatewaySettings.load(Map.of("MOSAIC_PROVIDER", "carrier-pigeon"));
        IllegalArgumentException provider = assertThrows(IllegalArgumentException.class,
                () -> choose(settings));
        assertTrue(provider.getMessage().contains("carrier-pigeon"), provider.getMessage());
        GatewaySettings openAiWithoutKey = GatewaySettings.load(Map.of("MOSAIC_PROVIDER", "openai"));
        assertThrows(IllegalArgumentException.class,
                () -> choose(openAiWithoutKey));
    }

    @Test
    void aProviderKeyThatCannotBeSentIsRefusedAtStartupWithoutQuotingIt() {
        IllegalArgumentException pasted = assertThrows(IllegalArgumentException.class,
                () -> GatewaySettings.load(Map.of("ANTHROPIC_API_KEY", "sk-ant-0123456789\nabcdef")));
        assertEquals("setting 'providers.anthropic.api-key' cannot be sent to the provider: it contains a line break"
                + " (character 18 of 24)", pasted.getMessage());
        IllegalArgumentException typographic = assertThrows(IllegalArgumentException.class,
                () -> GatewaySettings.load(Map.of("OPENAI_API_KEY", "sk-0123456789abcdef\u2019")));
        assertTrue(typographic.getMessage().contains("providers.openai.api-key"), typographic.getMessage());
        assertFalse(typographic.getMessage().contains("0123456789"), typographic.getMessage());
    }

    private static ChatProviders.Choice choose(GatewaySettings settings) {
        return ChatProviders.choose(settings.chat(), settings.providers(),
                ChatProviders.adapters(settings.providers(), settings.oauth(), ProviderHttpClients.create()),
                new ModelCatalogService());
    }
}
