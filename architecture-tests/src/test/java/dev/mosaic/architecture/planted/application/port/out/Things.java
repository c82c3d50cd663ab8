package dev.mosaic.architecture.planted.application.port.out;

/** Clean: an outbound port. */
public interface Things {
    void store(String thing);
}
