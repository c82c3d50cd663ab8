package dev.mosaic.architecture.planted.adapters.in.web;

import dev.mosaic.architecture.planted.application.port.out.Things;

/** Violation: an inbound adapter goes around the use cases straight to an outbound port. */
public final class WebUsingOutboundPort {
    public void handle(Things things) {
        things.store("x");
    }
}
