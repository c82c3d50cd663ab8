package dev.mosaic.adapters.out.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mosaic.application.port.out.ProviderCircuits.State;
import dev.mosaic.application.port.out.provider.ProviderError.Kind;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class Resilience4jProviderCircuitsTest {
    private static final Duration FAST = Duration.ofMillis(5);

    @Test
    void providerSideFailuresOpenTheCircuitAndItRecoversBySuccessesAfterTheWait() throws InterruptedException {
        Resilience4jProviderCircuits circuits = new Resilience4jProviderCircuits(4, 50, Duration.ofMillis(100));
        assertEquals(State.CLOSED, circuits.state("openai"));
        for (int i = 0; i < 4; i++) {
            circuits.recordFailure("openai", FAST, Kind.UNAVAILABLE);
        }
        assertEquals(State.OPEN, circuits.state("openai"));
        assertEquals(State.CLOSED, circuits.state("anthropic"), "each provider has its own circuit");

        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (circuits.state("openai") == State.OPEN && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(State.HALF_OPEN, circuits.state("openai"));
        circuits.recordSuccess("openai", FAST);
        circuits.recordSuccess("openai", FAST);
        assertEquals(State.CLOSED, circuits.state("openai"));
    }

    @Test
    void failuresThatAreAboutTheRequestDoNotCount() {
        Resilience4jProviderCircuits circuits = new Resilience4jProviderCircuits(4, 50, Duration.ofMinutes(1));
        for (Kind kind : new Kind[] {Kind.BAD_REQUEST, Kind.CONTEXT_TOO_LONG, Kind.ABORTED, Kind.AUTHENTICATION,
                Kind.BAD_REQUEST, Kind.ABORTED}) {
            circuits.recordFailure("zai", FAST, kind);
        }
        assertEquals(State.CLOSED, circuits.state("zai"));
    }
}
