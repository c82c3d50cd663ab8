package dev.mosaic.architecture.planted.application.service;

import dev.mosaic.architecture.planted.application.port.out.Things;
import java.util.ArrayList;
import java.util.List;

/** Violation: an outbound port implemented in production code outside the outbound adapters. */
public final class InMemoryThings implements Things {
    private final List<String> things = new ArrayList<>();

    @Override
    public void store(String thing) {
        things.add(thing);
    }
}
