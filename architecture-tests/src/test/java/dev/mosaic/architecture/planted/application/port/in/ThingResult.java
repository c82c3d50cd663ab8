package dev.mosaic.architecture.planted.application.port.in;

/** Clean: a value crossing the inbound port. */
public record ThingResult(String text) {}
