package dev.mosaic.architecture.planted.application.service;

import dev.mosaic.architecture.planted.application.port.in.DoThingUseCase;
import dev.mosaic.architecture.planted.application.port.in.ThingListener;
import dev.mosaic.architecture.planted.application.port.in.ThingOutcome;
import dev.mosaic.architecture.planted.application.port.in.ThingResult;
import dev.mosaic.architecture.planted.application.port.out.Things;
import java.util.logging.Logger;

/** Clean: a use case implemented by a service; java.util.logging is part of the JDK. */
public final class DoThingService implements DoThingUseCase {
    private static final Logger LOG = Logger.getLogger(DoThingService.class.getName());
    private final Things things;

    public DoThingService(Things things) {
        this.things = things;
    }

    @Override
    public ThingOutcome doThing(String what, ThingListener listener) {
        LOG.fine(what);
        things.store(what);
        return new ThingOutcome.Done(new ThingResult(what));
    }
}
