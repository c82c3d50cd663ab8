package dev.mosaic.architecture.planted.application.port.in;

/** Clean: a use case. */
public interface DoThingUseCase {
    ThingOutcome doThing(String what, ThingListener listener);
}
