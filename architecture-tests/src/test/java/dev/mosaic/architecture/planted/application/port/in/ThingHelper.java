package dev.mosaic.architecture.planted.application.port.in;

/** Violation: an interface in port.in that is neither a use case, a query, an outcome nor a listener. */
public interface ThingHelper {
    String help();
}
