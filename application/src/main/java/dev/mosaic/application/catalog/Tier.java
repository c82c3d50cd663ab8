package dev.mosaic.application.catalog;

/** A model's price class, for routing and for people choosing a model. */
public enum Tier {
    CHEAP,
    STANDARD,
    PREMIUM,
    /** Runs on the user's own hardware: no per-token price. */
    LOCAL
}
