package dev.mosaic.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The provider transcripts in {@code shared/reference/providers}: found through the system property
 * {@code mosaic.shared.dir} (set by the build), else relative to the module directory.
 */
public final class ReferenceFiles {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path DIRECTORY = locate();

    private ReferenceFiles() {}

    public static String text(String name) {
        try {
            return Files.readString(DIRECTORY.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read reference file " + name + " in " + DIRECTORY, e);
        }
    }

    public static JsonNode json(String name) {
        try {
            return JSON.readTree(text(name));
        } catch (IOException e) {
            throw new UncheckedIOException("reference file " + name + " is not JSON", e);
        }
    }

    /** Names of the reference files matching any of the globs, such as {@code openai-chat-stream-*.sse}, sorted. */
    public static SortedSet<String> names(String... globs) {
        SortedSet<String> names = new TreeSet<>();
        for (String glob : globs) {
            var matcher = DIRECTORY.getFileSystem().getPathMatcher("glob:" + glob);
            try (Stream<Path> files = Files.list(DIRECTORY)) {
                files.map(Path::getFileName).filter(matcher::matches).map(Path::toString).forEach(names::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return names;
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
