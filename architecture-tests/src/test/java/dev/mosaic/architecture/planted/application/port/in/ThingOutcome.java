package dev.mosaic.architecture.planted.application.port.in;

/** Clean: a sealed outcome type. */
public sealed interface ThingOutcome {
    record Done(ThingResult result) implements ThingOutcome {}

    record Rejected(String reason) implements ThingOutcome {}
}
