package dev.mosaic.tui;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogRedirectTest {

    @TempDir
    Path dir;

    @Test
    void sendsStandardErrorAndLoggingToTheFileUntilClosed() throws Exception {
        PrintStream original = System.err;
        Path file = dir.resolve("cache/mosaic/terminal-client.log");
        try (LogRedirect redirect = LogRedirect.start(file)) {
            assertFalse(redirect.wroteSomething());
            System.err.println("a stray warning");
            Logger.getLogger("some.library").warning("a logged warning");
            assertTrue(redirect.wroteSomething());
        }
        assertSame(original, System.err);
        String log = Files.readString(file);
        assertTrue(log.contains("a stray warning"), log);
        assertTrue(log.contains("a logged warning"), log);
    }

    @Test
    void fallsBackToATemporaryFile() throws Exception {
        Path blocked = dir.resolve("not-a-dir");
        Files.writeString(blocked, "a file where a directory should be");
        try (LogRedirect redirect = LogRedirect.start(blocked.resolve("mosaic/terminal-client.log"))) {
            assertTrue(redirect.file().getFileName().toString().startsWith("mosaic-terminal-client"));
            Files.delete(redirect.file());
        }
    }
}
