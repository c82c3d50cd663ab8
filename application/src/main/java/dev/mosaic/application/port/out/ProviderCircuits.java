package dev.mosaic.application.port.out;

import dev.mosaic.application.port.out.provider.ProviderError;
import java.time.Duration;

/**
 * Passive health: every real provider call reports how it went, and a circuit per provider opens
 * when too many recent calls failed on the provider's side. Routing consults the state; nothing is
 * blocked here.
 */
public interface ProviderCircuits {

    enum State {
        CLOSED,
        OPEN,
        HALF_OPEN
    }

    void recordSuccess(String provider, Duration latency);

    /** Only failures that say something about the provider count; a bad request or an abort does not. */
    void recordFailure(String provider, Duration latency, ProviderError.Kind kind);

    State state(String provider);
}
