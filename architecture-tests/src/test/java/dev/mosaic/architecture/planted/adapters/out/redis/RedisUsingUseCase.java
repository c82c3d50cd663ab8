package dev.mosaic.architecture.planted.adapters.out.redis;

import dev.mosaic.architecture.planted.application.port.in.DoThingUseCase;

/** Violation: an outbound adapter drives a use case. */
public final class RedisUsingUseCase {
    public void run(DoThingUseCase useCase) {
        useCase.doThing("x", progress -> {});
    }
}
