package dev.mosaic.architecture.planted.adapters.in.web;

import dev.mosaic.architecture.planted.bootstrap.Wiring;

/** Violation: an adapter reaches back into the composition root. */
public final class WebUsingBootstrap {
    public Object handle() {
        return Wiring.start();
    }
}
