package dev.mosaic.architecture.planted.application.service;

import io.helidon.config.Config;

/** Violation twice: Helidon in the core, and a read of the process-wide configuration. */
public final class ConfigService {
    public String model() {
        return Config.global().get("model").asString().orElse("none");
    }
}
