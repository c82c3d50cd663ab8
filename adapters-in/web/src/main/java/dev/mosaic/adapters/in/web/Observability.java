package dev.mosaic.adapters.in.web;

import io.helidon.health.HealthCheck;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.health.HealthObserver;
import io.helidon.webserver.observe.metrics.MetricsObserver;
import io.helidon.metrics.api.MeterRegistry;
import java.util.List;

/**
 * The endpoints for operators, served by Helidon's observe feature at the root: {@code /health/live}
 * and {@code /health/ready}, and {@code /metrics} in Prometheus text format (ADR 9).
 */
final class Observability {
    private Observability() {}

    static ObserveFeature feature(List<ReadinessCheck> readiness, MeterRegistry metrics) {
        HealthObserver health = HealthObserver.builder()
                // Only the services the gateway needs decide readiness, not Helidon's disk and heap checks.
                .useSystemServices(false)
                .details(true)
                .update(builder -> readiness.forEach(check -> builder.addCheck(readinessOf(check))))
                .build();
        return ObserveFeature.builder()
                .observersDiscoverServices(false)
                .endpoint("/")
                .addObserver(health)
                .addObserver(MetricsObserver.builder().meterRegistry(metrics).build())
                .build();
    }

    /** A check that throws counts as down (503 naming it), not as a fault of the gateway (500). */
    private static HealthCheck readinessOf(ReadinessCheck check) {
        return new HealthCheck() {
            @Override
            public HealthCheckType type() {
                return HealthCheckType.READINESS;
            }

            @Override
            public String name() {
                return check.name();
            }

            @Override
            public HealthCheckResponse call() {
                boolean up;
                try {
                    up = check.isUp().getAsBoolean();
                } catch (RuntimeException e) {
                    up = false;
                }
                return HealthCheckResponse.builder().status(up).build();
            }
        };
    }
}
