package dev.mosaic.bootstrap;

import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Background work run at start-up and then every interval, on a virtual thread of its own. */
final class Periodic {
    private static final Logger LOG = Logger.getLogger(Periodic.class.getName());

    private Periodic() {}

    /**
     * A round that fails is logged and tried again next interval.
     *
     * @return what stops it
     */
    static AutoCloseable every(Duration interval, String name, Runnable round) {
        Thread thread = Thread.ofVirtual().name(name).start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    round.run();
                    Thread.sleep(interval);
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, name + ": a round failed; trying again next interval", e);
                }
            }
        });
        return thread::interrupt;
    }
}
