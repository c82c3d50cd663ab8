package dev.mosaic.architecture.planted.application.service;

import dev.mosaic.architecture.planted.application.port.in.DoThingUseCase;
import dev.mosaic.architecture.planted.application.port.in.ThingListener;
import dev.mosaic.architecture.planted.application.port.in.ThingOutcome;

/** Violation: a use case implementation not named *Service. */
public final class DoThingImpl implements DoThingUseCase {
    @Override
    public ThingOutcome doThing(String what, ThingListener listener) {
        return new ThingOutcome.Rejected("no");
    }
}
