package dev.mosaic.architecture.planted.adapters.in.web;

import dev.mosaic.architecture.planted.simulator.SimulatorMain;

/** Violation: an adapter embeds a standalone program. */
public final class WebEmbeddingSimulator {
    public void handle() {
        SimulatorMain.main(new String[0]);
    }
}
