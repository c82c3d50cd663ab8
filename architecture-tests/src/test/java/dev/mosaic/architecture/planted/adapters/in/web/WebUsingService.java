package dev.mosaic.architecture.planted.adapters.in.web;

import dev.mosaic.architecture.planted.application.service.DoThingService;

/** Violation: an adapter uses a service class instead of its port. */
public final class WebUsingService {
    public void handle(DoThingService service) {
        service.doThing("x", progress -> {});
    }
}
