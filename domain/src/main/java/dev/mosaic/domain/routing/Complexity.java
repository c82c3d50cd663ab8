package dev.mosaic.domain.routing;

/** How much work a message asks for, from least to most. */
public enum Complexity implements Label {
    SIMPLE,
    MODERATE,
    COMPLEX;

    public static Complexity parse(String text) {
        return Label.parse(Complexity.class, "complexity", text);
    }
}
