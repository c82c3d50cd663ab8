package dev.mosaic.tui;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.logging.StreamHandler;

/**
 * Sends {@code System.err} and java.util.logging to a file while the interactive UI runs, so that
 * a stray warning (JLine's, the JDK's, a library's) never lands in the middle of an answer or the
 * prompt. Closing puts both back.
 */
final class LogRedirect implements AutoCloseable {

    private final Path file;
    private final PrintStream originalErr;
    private final PrintStream log;
    private final Handler[] originalHandlers;
    private final Handler handler;
    private final long sizeBefore;

    private LogRedirect(Path file, PrintStream log, long sizeBefore) {
        this.file = file;
        this.log = log;
        this.sizeBefore = sizeBefore;
        this.originalErr = System.err;
        Logger root = Logger.getLogger("");
        this.originalHandlers = root.getHandlers();
        this.handler = new StreamHandler(log, new SimpleFormatter()) {
            @Override
            public synchronized void publish(LogRecord record) {
                super.publish(record);
                flush();
            }
        };
        for (Handler h : originalHandlers) {
            root.removeHandler(h);
        }
        root.addHandler(handler);
        System.setErr(log);
    }

    /** Starts redirecting to {@code preferred}, or to a temporary file when that cannot be written. */
    static LogRedirect start(Path preferred) throws IOException {
        Path file = preferred;
        FileOutputStream stream;
        try {
            Files.createDirectories(preferred.getParent());
            stream = new FileOutputStream(preferred.toFile(), true);
        } catch (IOException | SecurityException e) {
            file = Files.createTempFile("mosaic-terminal-client", ".log");
            stream = new FileOutputStream(file.toFile(), true);
        }
        return new LogRedirect(file, new PrintStream(stream, true, StandardCharsets.UTF_8), Files.size(file));
    }

    Path file() {
        return file;
    }

    /** Whether anything was logged since {@link #start}. */
    boolean wroteSomething() {
        try {
            return Files.size(file) > sizeBefore;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        Logger root = Logger.getLogger("");
        root.removeHandler(handler);
        for (Handler h : originalHandlers) {
            root.addHandler(h);
        }
        System.setErr(originalErr);
        handler.close(); // closes the file too
        log.close();
    }
}
