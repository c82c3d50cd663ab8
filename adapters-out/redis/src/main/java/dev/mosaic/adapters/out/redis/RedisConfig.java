package dev.mosaic.adapters.out.redis;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.RedisClient;

/**
 * @param url e.g. {@code redis://127.0.0.1:6379/0}; credentials may be in the user-info part
 * @param leaseTtl how long a reply lease outlives a holder that stopped renewing it
 */
public record RedisConfig(URI url, Duration leaseTtl) {
    public RedisConfig {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(leaseTtl, "leaseTtl");
        if (leaseTtl.toMillis() < 100) {
            throw new IllegalArgumentException("leaseTtl must be at least 100 ms");
        }
    }

    /**
     * A client of the Redis at {@code url} that keeps up to {@code connections} connections. The
     * library's default of 8 is too few for one process: each subscription holds one for good, and
     * job workers, reply leases and producers sending at once each need one per call in flight.
     */
    public static RedisClient client(URI url, int connections) {
        if (connections < 2) {
            throw new IllegalArgumentException("a Redis client needs at least 2 connections, not " + connections);
        }
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(connections);
        pool.setMaxIdle(connections);
        return RedisClient.builder().fromURI(url).poolConfig(pool).build();
    }

    /** The URL without any password, for messages and logs. */
    public String safeUrl() {
        return url.getScheme() + "://" + url.getHost() + ":" + (url.getPort() < 0 ? 6379 : url.getPort()) + url.getPath();
    }

    @Override
    public String toString() {
        return "RedisConfig[url=" + safeUrl() + ", leaseTtl=" + leaseTtl + "]";
    }
}
