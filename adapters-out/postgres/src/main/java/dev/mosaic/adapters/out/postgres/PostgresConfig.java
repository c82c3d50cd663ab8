package dev.mosaic.adapters.out.postgres;

import dev.mosaic.application.Secret;
import java.util.Objects;

/**
 * Where the database is and the two roles Mosaic uses there.
 *
 * @param jdbcUrl e.g. {@code jdbc:postgresql://127.0.0.1:5432/mosaic}
 * @param appUser the role the gateway works as; row-level security applies to it
 * @param appPassword null when the server needs none
 * @param ownerUser the role that owns the schema and runs the migrations
 * @param ownerPassword null when the server needs none
 * @param maxPoolSize connections the application role keeps open at most
 */
public record PostgresConfig(
        String jdbcUrl, String appUser, Secret appPassword, String ownerUser, Secret ownerPassword, int maxPoolSize) {

    public PostgresConfig {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(appUser, "appUser");
        Objects.requireNonNull(ownerUser, "ownerUser");
        if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("the database URL must start with jdbc:postgresql:, not '" + safeUrl(jdbcUrl) + "'");
        }
        if (maxPoolSize < 1) {
            throw new IllegalArgumentException("maxPoolSize must be at least 1");
        }
    }

    /** The URL without its parameters, which may carry a password, for messages and logs. */
    public String safeUrl() {
        return safeUrl(jdbcUrl);
    }

    private static String safeUrl(String url) {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query);
    }

    /** Names no password, not even masked: a masked one still shows some of its characters. */
    @Override
    public String toString() {
        return "PostgresConfig[jdbcUrl=" + safeUrl() + ", appUser=" + appUser + ", ownerUser=" + ownerUser
                + ", maxPoolSize=" + maxPoolSize + "]";
    }
}
