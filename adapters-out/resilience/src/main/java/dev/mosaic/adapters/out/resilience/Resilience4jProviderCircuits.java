package dev.mosaic.adapters.out.resilience;

import dev.mosaic.application.port.out.ProviderCircuits;
import dev.mosaic.application.port.out.provider.ProviderError;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * One resilience4j circuit breaker per provider. It only listens: calls are not routed through it,
 * their outcomes are reported after the fact, and the state is read by the health view.
 */
public final class Resilience4jProviderCircuits implements ProviderCircuits {

    /** Failures that say the provider itself is in trouble; the rest say something about the request. */
    private static final Set<ProviderError.Kind> PROVIDER_SIDE = EnumSet.of(ProviderError.Kind.UNAVAILABLE,
            ProviderError.Kind.OVERLOADED, ProviderError.Kind.TIMEOUT, ProviderError.Kind.RATE_LIMITED,
            ProviderError.Kind.MALFORMED_RESPONSE, ProviderError.Kind.UNKNOWN);

    private final CircuitBreakerRegistry registry;

    /**
     * @param window how many recent calls decide
     * @param failureRatePercent the share of failures among them that opens the circuit
     * @param openFor how long it stays open before letting calls test the provider again
     */
    public Resilience4jProviderCircuits(int window, float failureRatePercent, Duration openFor) {
        this.registry = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(window)
                .minimumNumberOfCalls(Math.min(window, 5))
                .failureRateThreshold(failureRatePercent)
                .waitDurationInOpenState(openFor)
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .permittedNumberOfCallsInHalfOpenState(2)
                .build());
    }

    public static Resilience4jProviderCircuits withDefaults() {
        return new Resilience4jProviderCircuits(20, 50, Duration.ofSeconds(30));
    }

    @Override
    public void recordSuccess(String provider, Duration latency) {
        registry.circuitBreaker(provider).onSuccess(latency.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public void recordFailure(String provider, Duration latency, ProviderError.Kind kind) {
        if (PROVIDER_SIDE.contains(kind)) {
            registry.circuitBreaker(provider).onError(latency.toNanos(), TimeUnit.NANOSECONDS,
                    new ProviderFailure(kind));
        }
    }

    @Override
    public State state(String provider) {
        return switch (registry.circuitBreaker(provider).getState()) {
            case OPEN, FORCED_OPEN -> State.OPEN;
            case HALF_OPEN -> State.HALF_OPEN;
            default -> State.CLOSED;
        };
    }

    /** What resilience4j records as the failure; carries only the kind, never a message with details. */
    private static final class ProviderFailure extends RuntimeException {
        ProviderFailure(ProviderError.Kind kind) {
            super(kind.name(), null, false, false);
        }
    }
}
