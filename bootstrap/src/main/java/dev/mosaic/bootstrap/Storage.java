package dev.mosaic.bootstrap;

import dev.mosaic.adapters.in.web.MetricGauge;
import dev.mosaic.adapters.out.postgres.PostgresConfig;
import dev.mosaic.adapters.out.postgres.PostgresDatabase;
import dev.mosaic.application.port.out.Agents;
import dev.mosaic.application.port.out.ApiTokens;
import dev.mosaic.application.port.out.Archive;
import dev.mosaic.application.port.out.Checkpoints;
import dev.mosaic.application.port.out.ConversationMetrics;
import dev.mosaic.application.port.out.ConversationSummaries;
import dev.mosaic.application.port.out.Conversations;
import dev.mosaic.application.port.out.InsightIndexes;
import dev.mosaic.application.port.out.JobLog;
import dev.mosaic.application.port.out.Memories;
import dev.mosaic.application.port.out.MessageSearch;
import dev.mosaic.application.port.out.ProviderCredentials;
import dev.mosaic.application.port.out.RoutingRules;
import dev.mosaic.application.port.out.Users;
import dev.mosaic.application.port.out.embedding.EmbeddingVectors;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Where the gateway keeps its data: the storage ports, how to tell the store is up, what it
 * reports to metrics, and how to close it. In production, PostgreSQL.
 */
public record Storage(String name, Conversations conversations, MessageSearch messageSearch, Checkpoints checkpoints,
        Users users, ApiTokens apiTokens, ProviderCredentials providerCredentials, EmbeddingVectors embeddingVectors,
        RoutingRules routingRules, Agents agents, ConversationMetrics conversationMetrics, JobLog jobLog,
        ConversationSummaries conversationSummaries, Memories memories, Archive archive, InsightIndexes insightIndexes,
        BooleanSupplier reachable,
        List<MetricGauge> gauges,
        AutoCloseable closer)
        implements AutoCloseable {

    public boolean isReachable() {
        return reachable.getAsBoolean();
    }

    @Override
    public void close() throws Exception {
        closer.close();
    }

    /** Opens PostgreSQL; the schema migrations run as the owner role on the way. */
    static Storage postgres(GatewaySettings.Database settings) {
        PostgresDatabase database = openPostgres(settings);
        return new Storage("postgres", database.conversations(), database.messageSearch(), database.checkpoints(),
                database.users(), database.apiTokens(), database.providerCredentials(), database.embeddingVectors(),
                database.routingRules(), database.agents(), database.conversationMetrics(), database.jobLog(),
                database.conversationSummaries(), database.memories(), database.archive(), database.insightIndexes(),
                database::isReachable,
                poolGauges(database), database);
    }

    private static List<MetricGauge> poolGauges(PostgresDatabase database) {
        Map<String, String> pool = Map.of("pool", "postgres");
        return List.of(
                new MetricGauge("mosaic.db.pool.connections", "database connections by state",
                        Map.of("pool", "postgres", "state", "active"), () -> database.poolUse().active()),
                new MetricGauge("mosaic.db.pool.connections", "database connections by state",
                        Map.of("pool", "postgres", "state", "idle"), () -> database.poolUse().idle()),
                new MetricGauge("mosaic.db.pool.waiting", "callers waiting for a database connection", pool,
                        () -> database.poolUse().waiting()),
                new MetricGauge("mosaic.db.pool.max", "the most connections the pool opens", pool,
                        () -> database.poolUse().max()));
    }

    static PostgresDatabase openPostgres(GatewaySettings.Database settings) {
        return PostgresDatabase.start(new PostgresConfig(settings.url(), settings.user(), settings.password(),
                settings.ownerUser(), settings.ownerPassword(), settings.poolSize()));
    }
}
