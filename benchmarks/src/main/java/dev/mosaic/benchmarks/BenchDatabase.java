package dev.mosaic.benchmarks;

import dev.mosaic.adapters.out.postgres.PostgresConfig;
import dev.mosaic.adapters.out.postgres.PostgresDatabase;
import dev.mosaic.application.Secret;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The benchmark database ({@code mosaic_bench} by default, never the gateway's own) and the two
 * roles of {@link PostgresConfig}. Environment: {@code MOSAIC_BENCH_DB_URL}, and the gateway's
 * {@code MOSAIC_DB_USER}, {@code MOSAIC_DB_PASSWORD}, {@code MOSAIC_DB_OWNER_USER},
 * {@code MOSAIC_DB_OWNER_PASSWORD}.
 */
record BenchDatabase(PostgresConfig config) {

    /** @param env the process environment, which only main classes read */
    static BenchDatabase from(Map<String, String> env, int poolSize) {
        return new BenchDatabase(new PostgresConfig(
                env.getOrDefault("MOSAIC_BENCH_DB_URL", "jdbc:postgresql://127.0.0.1:5432/mosaic_bench"),
                env.getOrDefault("MOSAIC_DB_USER", "mosaic_app"),
                Secret.ofNullable(env.getOrDefault("MOSAIC_DB_PASSWORD", "mosaic_app")),
                env.getOrDefault("MOSAIC_DB_OWNER_USER", "mosaic_owner"),
                Secret.ofNullable(env.getOrDefault("MOSAIC_DB_OWNER_PASSWORD", "mosaic_owner")),
                poolSize));
    }

    /** Migrates the schema (as the gateway does at start) and pools connections as the application role. */
    PostgresDatabase start() {
        return PostgresDatabase.start(config);
    }

    /**
     * A connection as the schema owner. Row-level security is forced, so the owner too sees and
     * writes only the rows of the user a transaction names; it can read every user (the policy the
     * look-up functions need), truncate, vacuum, and read the catalog.
     */
    Connection owner() throws SQLException {
        return DriverManager.getConnection(config.jdbcUrl(), config.ownerUser(),
                config.ownerPassword() == null ? null : config.ownerPassword().reveal());
    }

    /** A connection as the application role, which row-level security confines, as the gateway's pool has. */
    Connection app() throws SQLException {
        return DriverManager.getConnection(config.jdbcUrl(), config.appUser(),
                config.appPassword() == null ? null : config.appPassword().reveal());
    }

    /** Sizes of the search tables and of each of their indexes, as Markdown table rows. */
    static List<String> sizes(Connection connection) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery("""
                select c.relname, c.relkind, c.reltuples::bigint,
                       pg_size_pretty(pg_relation_size(c.oid)),
                       pg_size_pretty(case c.relkind when 'r' then pg_total_relation_size(c.oid) end)
                from pg_class c
                left join pg_index i on i.indexrelid = c.oid
                left join pg_class t on t.oid = i.indrelid
                where coalesce(t.relname, c.relname) in ('users', 'conversations', 'messages')
                  and c.relnamespace = 'public'::regnamespace
                order by coalesce(t.relname, c.relname), c.relkind desc, c.relname""")) {
            while (result.next()) {
                boolean table = result.getString(2).equals("r");
                rows.add(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s |", result.getString(1),
                        table ? "table" : "index", table ? String.format(Locale.ROOT, "%,d", result.getLong(3)) : "",
                        result.getString(4), table ? result.getString(5) : ""));
            }
        }
        return rows;
    }

    static String sizesHeader() {
        return "| relation | kind | rows (estimate) | size | with TOAST and indexes |\n|---|---|---|---|---|";
    }
}
