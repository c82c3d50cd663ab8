package dev.mosaic.domain.routing;

/** What a model must be able to do to answer a message. */
public enum RequiredCapability implements Label {
    TOOLS,
    VISION,
    LONG_CONTEXT,
    REASONING;

    public static RequiredCapability parse(String text) {
        return Label.parse(RequiredCapability.class, "requiredCapabilities", text);
    }
}
