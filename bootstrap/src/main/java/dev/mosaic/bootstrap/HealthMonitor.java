package dev.mosaic.bootstrap;

import dev.mosaic.application.service.ProviderHealthService;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Probes every provider at start-up and then every interval, on a thread of its own. */
final class HealthMonitor {
    private static final Logger LOG = Logger.getLogger(HealthMonitor.class.getName());

    private HealthMonitor() {}

    /** @return what stops the monitor */
    static AutoCloseable start(ProviderHealthService health, Duration interval) {
        Thread monitor = Thread.ofVirtual().name("provider-health").start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    health.probeAll();
                    Thread.sleep(interval);
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "a health probe round failed; trying again next interval", e);
                }
            }
        });
        return monitor::interrupt;
    }
}
