package dev.mosaic.architecture.planted.tui;

import dev.mosaic.architecture.planted.application.port.in.ThingResult;

/** Violation: the terminal client uses the gateway's classes instead of the wire protocol. */
public final class TuiUsingApplication {
    public ThingResult parse(String frame) {
        return new ThingResult(frame);
    }
}
