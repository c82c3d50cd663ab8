package dev.mosaic.architecture.planted.application.port.in;

/** Violation: a mutable class crossing the inbound port instead of a record. */
public final class ThingDto {
    public String text;
}
