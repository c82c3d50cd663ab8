package dev.mosaic.architecture.planted.adapters.out.redis;

import dev.mosaic.architecture.planted.application.port.out.Things;

/** Violation: not named <Technology>Things. */
public final class ThingStore implements Things {
    @Override
    public void store(String thing) {}
}
