package dev.mosaic.adapters.in.web;

import java.util.Objects;
import java.util.function.BooleanSupplier;

/** One service the gateway needs in order to answer, e.g. the database. */
public record ReadinessCheck(String name, BooleanSupplier isUp) {
    public ReadinessCheck {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(isUp, "isUp");
    }
}
