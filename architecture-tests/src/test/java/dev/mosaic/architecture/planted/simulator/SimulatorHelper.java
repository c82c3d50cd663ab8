package dev.mosaic.architecture.planted.simulator;

/** Violation: below the entry point, the environment is not read again. */
final class SimulatorHelper {
    void serve(int port) {
        if (System.getenv("SIMULATOR_DELAY") != null) {
            Thread.onSpinWait();
        }
    }
}
