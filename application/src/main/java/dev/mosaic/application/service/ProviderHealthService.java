package dev.mosaic.application.service;

import dev.mosaic.application.port.in.ProviderHealthQuery;
import dev.mosaic.application.port.out.ProviderCircuits;
import dev.mosaic.application.view.ProviderHealth;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Active health: {@link #probeAll()} asks every provider a cheap question (its model list) on
 * virtual threads of their own, so a slow provider never holds up a chat request or another probe.
 * Combined with the circuit state that real calls feed, it is the health view.
 */
public final class ProviderHealthService implements ProviderHealthQuery {

    /** A cheap call that throws when the provider cannot answer. */
    public record Probe(String provider, Runnable check) {
        public Probe {
            Objects.requireNonNull(provider, "provider");
            Objects.requireNonNull(check, "check");
        }
    }

    private record Result(boolean up, long latencyMillis, String error, Instant at) {}

    private final List<Probe> probes;
    private final ProviderCircuits circuits;
    private final Clock clock;
    private final Duration timeout;
    private final Map<String, Result> results = new ConcurrentHashMap<>();

    public ProviderHealthService(List<Probe> probes, ProviderCircuits circuits, Clock clock, Duration timeout) {
        this.probes = List.copyOf(probes);
        this.circuits = Objects.requireNonNull(circuits);
        this.clock = Objects.requireNonNull(clock);
        this.timeout = Objects.requireNonNull(timeout);
    }

    /** Probes every provider at once, each on a virtual thread, and waits at most the timeout for each. */
    public void probeAll() {
        long started = System.nanoTime();
        Map<Probe, FutureTask<Void>> calls = new LinkedHashMap<>();
        for (Probe probe : probes) {
            FutureTask<Void> call = new FutureTask<>(probe.check(), null);
            Thread.ofVirtual().name("probe-" + probe.provider()).start(call);
            calls.put(probe, call);
        }
        long deadline = started + timeout.toNanos();
        calls.forEach((probe, call) -> {
            String error = null;
            try {
                call.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                call.cancel(true);
                error = "no answer within " + timeout.toMillis() + " ms";
            } catch (ExecutionException e) {
                error = e.getCause() == null || e.getCause().getMessage() == null ? "probe failed" : e.getCause().getMessage();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            long latency = Duration.ofNanos(System.nanoTime() - started).toMillis();
            results.put(probe.provider(), new Result(error == null, latency, error, clock.instant()));
        });
    }

    @Override
    public List<ProviderHealth> health() {
        return probes.stream().map(Probe::provider).map(provider -> {
            Result result = results.get(provider);
            ProviderCircuits.State circuit = circuits.state(provider);
            ProviderHealth.Status status;
            if (result == null) {
                status = ProviderHealth.Status.UNKNOWN;
            } else if (!result.up()) {
                status = ProviderHealth.Status.DOWN;
            } else if (circuit != ProviderCircuits.State.CLOSED) {
                status = ProviderHealth.Status.DEGRADED;
            } else {
                status = ProviderHealth.Status.UP;
            }
            return new ProviderHealth(provider, status, result == null ? -1 : result.latencyMillis(),
                    result == null ? null : result.error(), result == null ? null : result.at(), circuit.name());
        }).toList();
    }
}
