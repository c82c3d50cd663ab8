package dev.mosaic.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The provider transcripts in {@code shared/reference/providers}, the ground truth for the wire shapes:
 * found through the system property {@code mosaic.shared.dir} (set by the build), else relative to
 * the module directory.
 */
final class ReferenceFiles {
    private static final Path DIRECTORY = locate();

    private ReferenceFiles() {}

    static String text(String name) {
        try {
            return Files.readString(DIRECTORY.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read reference file " + name + " in " + DIRECTORY, e);
        }
    }

    static JsonNode json(String name) {
        return SimulatorClient.json(text(name));
    }

    private static Path locate() {
        List<Path> candidates = new ArrayList<>();
        String configured = System.getProperty("mosaic.shared.dir");
        if (configured != null && !configured.isBlank()) {
            candidates.add(Path.of(configured));
        }
        candidates.add(Path.of("../../shared"));
        candidates.add(Path.of("../shared"));
        for (Path candidate : candidates) {
            Path providers = candidate.resolve("reference/providers");
            if (Files.isDirectory(providers)) {
                return providers.toAbsolutePath().normalize();
            }
        }
        throw new IllegalStateException("cannot find the provider reference transcripts (reference/providers) under any of "
                + candidates.stream().map(p -> p.toAbsolutePath().normalize().toString()).toList()
                + "; run the tests through Maven, or pass -Dmosaic.shared.dir=<the shared directory>");
    }
}
