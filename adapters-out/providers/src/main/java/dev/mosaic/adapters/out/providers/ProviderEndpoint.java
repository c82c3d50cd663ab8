package dev.mosaic.adapters.out.providers;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * What every provider configuration has in common: the provider's name, where it is, and how long
 * to wait for it. Each adapter's config record builds one; {@link #requireValid} lets those records
 * check the same parts with the same messages.
 *
 * @param providerId the provider's name as users see it, e.g. {@code anthropic}
 * @param baseUrl where the API is, named in connection errors
 * @param firstByteTimeout how long to wait for the response headers
 * @param idleTimeout the longest silence allowed inside a stream
 */
public record ProviderEndpoint(
        String providerId, URI baseUrl, Duration connectTimeout, Duration firstByteTimeout, Duration idleTimeout) {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_FIRST_BYTE_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);

    public ProviderEndpoint {
        requireValid(providerId, baseUrl, connectTimeout, firstByteTimeout, idleTimeout);
    }

    /** @throws IllegalArgumentException (or NullPointerException for a missing URL) naming what cannot work */
    public static void requireValid(String providerId, URI baseUrl, Duration connectTimeout, Duration firstByteTimeout,
            Duration idleTimeout) {
        if (providerId == null || providerId.isBlank()) {
            throw new IllegalArgumentException("providerId is required");
        }
        Objects.requireNonNull(baseUrl, "baseUrl");
        if (!"http".equals(baseUrl.getScheme()) && !"https".equals(baseUrl.getScheme())) {
            throw new IllegalArgumentException("the base URL of " + providerId + " must be http or https, not '" + baseUrl + "'");
        }
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(firstByteTimeout, "firstByteTimeout");
        requirePositive(idleTimeout, "idleTimeout");
    }

    private static void requirePositive(Duration duration, String name) {
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, not " + duration);
        }
    }
}
