package dev.mosaic.application.catalog;

/** What a model can do beyond plain text in and out. */
public enum Capability {
    TOOLS,
    VISION,
    REASONING,
    STREAMING,
    EMBEDDING
}
