package dev.mosaic.architecture.planted.adapters.in.web;

import dev.mosaic.architecture.planted.application.port.in.DoThingUseCase;
import dev.mosaic.architecture.planted.application.port.in.ThingOutcome;

/** Clean: an inbound adapter driving a use case. */
public final class WebController {
    private final DoThingUseCase useCase;

    public WebController(DoThingUseCase useCase) {
        this.useCase = useCase;
    }

    public ThingOutcome handle(String body) {
        return useCase.doThing(body, progress -> {});
    }
}
