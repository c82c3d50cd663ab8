package dev.mosaic.architecture.planted.application.port.in;

/** Clean: a callback an inbound adapter implements. */
@FunctionalInterface
public interface ThingListener {
    void on(ThingResult progress);
}
