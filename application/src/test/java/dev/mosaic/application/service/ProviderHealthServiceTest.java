package dev.mosaic.application.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.application.fakes.RecordingCircuits;
import dev.mosaic.application.port.out.ProviderCircuits;
import dev.mosaic.application.view.ProviderHealth;
import dev.mosaic.application.view.ProviderHealth.Status;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ProviderHealthServiceTest {
    private final RecordingCircuits circuits = new RecordingCircuits();
    private final AtomicBoolean openAiUp = new AtomicBoolean(true);
    private final CountDownLatch never = new CountDownLatch(1);
    private final ProviderHealthService health = new ProviderHealthService(List.of(
            new ProviderHealthService.Probe("openai", () -> {
                if (!openAiUp.get()) {
                    throw new IllegalStateException("connection refused");
                }
            }),
            new ProviderHealthService.Probe("ollama", () -> {
                try {
                    never.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            })), circuits, Clock.systemUTC(), Duration.ofMillis(200));

    private ProviderHealth of(String provider) {
        return health.health().stream().filter(h -> h.provider().equals(provider)).findFirst().orElseThrow();
    }

    @Test
    void beforeTheFirstProbeNothingIsKnown() {
        assertEquals(Status.UNKNOWN, of("openai").status());
        assertEquals(-1, of("openai").latencyMillis());
        assertNull(of("openai").checkedAt());
    }

    @Test
    void aProbeThatAnswersIsUpOneThatFailsOrHangsIsDownAndRecoveryShowsAtTheNextProbe() {
        health.probeAll();
        assertEquals(Status.UP, of("openai").status());
        assertTrue(of("openai").latencyMillis() >= 0);
        assertEquals(Status.DOWN, of("ollama").status());
        assertTrue(of("ollama").lastError().contains("no answer within 200 ms"), of("ollama").lastError());

        openAiUp.set(false);
        health.probeAll();
        assertEquals(Status.DOWN, of("openai").status());
        assertEquals("connection refused", of("openai").lastError());

        openAiUp.set(true);
        health.probeAll();
        assertEquals(Status.UP, of("openai").status());
        assertNull(of("openai").lastError());
    }

    @Test
    void anOpenCircuitFromRealCallsMakesAnAnsweringProviderDegraded() {
        health.probeAll();
        circuits.set("openai", ProviderCircuits.State.OPEN);
        assertEquals(Status.DEGRADED, of("openai").status());
        assertEquals("OPEN", of("openai").circuit());
    }
}
