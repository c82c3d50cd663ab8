package dev.mosaic.architecture.planted.adapters.in.web;

import dev.mosaic.architecture.planted.application.port.in.DoThingUseCase;
import dev.mosaic.architecture.planted.application.port.in.ThingListener;
import dev.mosaic.architecture.planted.application.port.in.ThingOutcome;

/** Violation: a use case implemented in an adapter instead of the service package. */
public final class WebDoThingService implements DoThingUseCase {
    @Override
    public ThingOutcome doThing(String what, ThingListener listener) {
        return new ThingOutcome.Rejected("web");
    }
}
