package dev.mosaic.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The provider wire transcripts in this module's resources ({@code providers/}, see the README
 * there), read from the classpath: from the module's classes folder or from its jar, whichever the
 * build put on the test classpath.
 */
public final class ReferenceFiles {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path DIRECTORY = locate();

    private ReferenceFiles() {}

    public static String text(String name) {
        try {
            return Files.readString(DIRECTORY.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read reference file " + name + " in " + DIRECTORY.toUri(), e);
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

    /** The folder of the README, which marks it; inside a jar, through a zip file system opened once. */
    private static Path locate() {
        URL readme = ReferenceFiles.class.getResource("/providers/README.md");
        if (readme == null) {
            throw new IllegalStateException("the provider reference transcripts (providers/README.md) are not on the classpath");
        }
        try {
            URI uri = readme.toURI();
            if (uri.getScheme().equals("jar")) {
                try {
                    FileSystems.newFileSystem(uri, Map.of());
                } catch (FileSystemAlreadyExistsException e) {
                    // opened by an earlier class loader of the same jar
                }
            }
            return Path.of(uri).getParent();
        } catch (URISyntaxException | IOException e) {
            throw new IllegalStateException("cannot open the provider reference transcripts at " + readme, e);
        }
    }
}
