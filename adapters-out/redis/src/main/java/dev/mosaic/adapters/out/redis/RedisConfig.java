package dev.mosaic.adapters.out.redis;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

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

    /** The URL without any password, for messages and logs. */
    public String safeUrl() {
        return url.getScheme() + "://" + url.getHost() + ":" + (url.getPort() < 0 ? 6379 : url.getPort()) + url.getPath();
    }

    @Override
    public String toString() {
        return "RedisConfig[url=" + safeUrl() + ", leaseTtl=" + leaseTtl + "]";
    }
}
