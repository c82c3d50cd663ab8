package dev.mosaic.architecture.planted.domain;

import dev.mosaic.architecture.planted.application.port.in.ThingResult;

/** Violation: the domain reaches up into the application layer. */
public final class DomainUsingApplication {
    public ThingResult leak() {
        return new ThingResult("leak");
    }
}
