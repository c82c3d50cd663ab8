package dev.mosaic.architecture.planted.simulator;

import dev.mosaic.architecture.planted.domain.Money;

/** Violation: the simulator reaches into the gateway's domain. */
public final class SimulatorUsingDomain {
    public Money price() {
        return new Money(1);
    }
}
