package dev.mosaic.application.view;

import java.time.Instant;

/**
 * What the gateway knows of a provider's health.
 *
 * @param latencyMillis the last probe's round trip, or -1 before the first
 * @param lastError the last probe's or call's failure, or null
 * @param checkedAt the last probe, or null before the first
 * @param circuit CLOSED, OPEN or HALF_OPEN: what recent real calls say
 */
public record ProviderHealth(String provider, Status status, long latencyMillis, String lastError, Instant checkedAt,
        String circuit) {

    public enum Status {
        /** The last probe answered and recent calls mostly worked. */
        UP,
        /** The last probe answered, but recent calls failed often (the circuit is open or testing). */
        DEGRADED,
        /** The last probe failed. */
        DOWN,
        /** Not probed yet. */
        UNKNOWN
    }
}
