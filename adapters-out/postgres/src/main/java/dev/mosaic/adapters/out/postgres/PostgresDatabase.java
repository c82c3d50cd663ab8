package dev.mosaic.adapters.out.postgres;

import com.pgvector.PGvector;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import dev.mosaic.application.Secret;
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
import dev.mosaic.application.port.out.RoutingHistory;
import dev.mosaic.application.port.out.RoutingRules;
import dev.mosaic.application.port.out.Users;
import dev.mosaic.application.port.out.embedding.EmbeddingVectors;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import org.apache.ibatis.mapping.Environment;
import org.apache.ibatis.session.Configuration;
import org.apache.ibatis.session.SqlSessionFactory;
import org.apache.ibatis.session.SqlSessionFactoryBuilder;
import org.apache.ibatis.transaction.jdbc.JdbcTransactionFactory;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The database, migrated and connected: the entry point of this adapter.
 *
 * <p>{@link #start} migrates the schema as the owner role over a connection used only for that,
 * then pools connections as the application role, which row-level security confines.
 */
public final class PostgresDatabase implements AutoCloseable {
    private static final String SERVICES_HINT =
            "is PostgreSQL running, with the roles and database created? scripts/services.sh sets them up for local use";
    /** How long work waits for a pooled connection before it fails. */
    private static final long CONNECTION_TIMEOUT_MILLIS = 5_000;
    private static final int READINESS_TIMEOUT_SECONDS = 2;

    private final HikariDataSource pool;
    private final SqlSessionFactory sessions;
    private final Conversations conversations;
    private final Users users;
    private final ApiTokens apiTokens;
    private final MessageSearch messageSearch;
    private final Checkpoints checkpoints;
    private final ProviderCredentials providerCredentials;
    private final EmbeddingVectors embeddingVectors;
    private final InsightIndexes insightIndexes;

    private PostgresDatabase(HikariDataSource pool, SqlSessionFactory sessions, PGSimpleDataSource owner) {
        this.pool = pool;
        this.insightIndexes = new PostgresInsightIndexes(owner);
        this.sessions = sessions;
        this.conversations = new MyBatisConversations(sessions);
        this.users = new MyBatisUsers(sessions);
        this.apiTokens = new MyBatisApiTokens(sessions);
        this.messageSearch = new MyBatisMessageSearch(sessions);
        this.checkpoints = new MyBatisCheckpoints(sessions);
        this.providerCredentials = new MyBatisProviderCredentials(sessions);
        this.embeddingVectors = new MyBatisEmbeddingVectors(sessions);
    }

    /** Migrates the schema and opens the pool; fails with a message naming the URL and role at fault. */
    public static PostgresDatabase start(PostgresConfig config) {
        migrate(config);
        HikariDataSource pool = openPool(config);
        try {
            return new PostgresDatabase(pool, sessionFactory(pool), ownerSource(config));
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    /** Connections as the owner, opened one at a time: for the migrations, and for users' insight indexes. */
    private static PGSimpleDataSource ownerSource(PostgresConfig config) {
        PGSimpleDataSource owner = new PGSimpleDataSource();
        owner.setUrl(config.jdbcUrl());
        owner.setUser(config.ownerUser());
        owner.setPassword(reveal(config.ownerPassword()));
        return owner;
    }

    private static void migrate(PostgresConfig config) {
        PGSimpleDataSource owner = ownerSource(config);
        // Connecting first tells a connection problem from a migration problem.
        try (Connection probe = owner.getConnection()) {
            probe.isValid(1);
        } catch (SQLException e) {
            throw cannotConnect(config, config.ownerUser(), e);
        }
        try {
            Flyway.configure()
                    .dataSource(owner)
                    .locations("classpath:db/migration")
                    .placeholders(Map.of("appUser", config.appUser()))
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            throw new IllegalStateException("could not migrate the schema at " + config.safeUrl() + " as "
                    + config.ownerUser() + ": " + e.getMessage(), e);
        }
    }

    private static HikariDataSource openPool(PostgresConfig config) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("mosaic-postgres");
        hikari.setJdbcUrl(config.jdbcUrl());
        hikari.setUsername(config.appUser());
        hikari.setPassword(reveal(config.appPassword()));
        hikari.setMaximumPoolSize(config.maxPoolSize());
        hikari.setConnectionTimeout(CONNECTION_TIMEOUT_MILLIS);
        try {
            return new HikariDataSource(hikari);
        } catch (RuntimeException e) {
            throw cannotConnect(config, config.appUser(), e);
        }
    }

    private static SqlSessionFactory sessionFactory(HikariDataSource pool) {
        Configuration mybatis = new Configuration(new Environment("mosaic", new JdbcTransactionFactory(), pool));
        mybatis.setMapUnderscoreToCamelCase(true);
        // Row records are built through their constructors, whose arguments are matched by name.
        mybatis.setArgNameBasedConstructorAutoMapping(true);
        mybatis.getTypeHandlerRegistry().register(UUID.class, new UuidTypeHandler());
        mybatis.getTypeHandlerRegistry().register(PGvector.class, new VectorTypeHandler());
        mybatis.addMapper(UserScope.Mapper.class);
        mybatis.addMapper(ConversationMapper.class);
        mybatis.addMapper(UserMapper.class);
        mybatis.addMapper(ApiTokenMapper.class);
        mybatis.addMapper(SearchMapper.class);
        mybatis.addMapper(CheckpointMapper.class);
        mybatis.addMapper(ProviderCredentialMapper.class);
        mybatis.addMapper(EmbeddingMapper.class);
        mybatis.addMapper(RoutingRuleMapper.class);
        mybatis.addMapper(RoutingHistoryMapper.class);
        mybatis.addMapper(AgentMapper.class);
        mybatis.addMapper(ConversationMetricsMapper.class);
        mybatis.addMapper(AgentLogMapper.class);
        mybatis.addMapper(SummaryMapper.class);
        mybatis.addMapper(MemoryMapper.class);
        mybatis.addMapper(ArchiveMapper.class);
        return new SqlSessionFactoryBuilder().build(mybatis);
    }

    private static IllegalStateException cannotConnect(PostgresConfig config, String user, Exception cause) {
        return new IllegalStateException("cannot connect to PostgreSQL at " + config.safeUrl() + " as " + user + " ("
                + cause.getMessage() + "): " + SERVICES_HINT, cause);
    }

    private static String reveal(Secret secret) {
        return secret == null ? null : secret.reveal();
    }

    public Checkpoints checkpoints() {
        return checkpoints;
    }

    public ProviderCredentials providerCredentials() {
        return providerCredentials;
    }

    public EmbeddingVectors embeddingVectors() {
        return embeddingVectors;
    }

    public MessageSearch messageSearch() {
        return messageSearch;
    }

    public RoutingHistory routingHistory() {
        return new MyBatisRoutingHistory(sessions);
    }

    public ConversationSummaries conversationSummaries() {
        return new MyBatisConversationSummaries(sessions);
    }

    public Archive archive() {
        return new MyBatisArchive(sessions);
    }

    public JobLog jobLog() {
        return new MyBatisJobLog(sessions);
    }

    /**
     * Users' own insight indexes, which the owner role builds and drops (docs/adr/0018): the one
     * thing, besides the migrations, this adapter does as the owner.
     */
    public InsightIndexes insightIndexes() {
        return insightIndexes;
    }

    public Memories memories() {
        return new MyBatisMemories(sessions);
    }

    public RoutingRules routingRules() {
        return new MyBatisRoutingRules(sessions);
    }

    public Agents agents() {
        return new MyBatisAgents(sessions);
    }

    public ConversationMetrics conversationMetrics() {
        return new MyBatisConversationMetrics(sessions);
    }

    public Conversations conversations() {
        return conversations;
    }

    public Users users() {
        return users;
    }

    public ApiTokens apiTokens() {
        return apiTokens;
    }

    /** For readiness checks: whether the database answers a trivial query within a short time. */
    public boolean isReachable() {
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(READINESS_TIMEOUT_SECONDS);
            try (ResultSet result = statement.executeQuery("select 1")) {
                return result.next();
            }
        } catch (SQLException e) {
            return false;
        }
    }

    /**
     * The connection pool's use at this moment, for metrics.
     *
     * @param active connections lent out
     * @param idle connections ready in the pool
     * @param waiting callers waiting for a connection
     * @param max the most connections the pool opens
     */
    public record PoolUse(int active, int idle, int waiting, int max) {}

    public PoolUse poolUse() {
        HikariPoolMXBean use = pool.getHikariPoolMXBean();
        return new PoolUse(use.getActiveConnections(), use.getIdleConnections(), use.getThreadsAwaitingConnection(),
                pool.getMaximumPoolSize());
    }

    /** For this package's tests, which need the same transactions as the ports. */
    SqlSessionFactory sessions() {
        return sessions;
    }

    @Override
    public void close() {
        pool.close();
    }
}
