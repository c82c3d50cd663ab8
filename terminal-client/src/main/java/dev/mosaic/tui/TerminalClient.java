package dev.mosaic.tui;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * The terminal client's entry point: {@code java dev.mosaic.tui.TerminalClient --help}.
 *
 * <p>Exit status: 0 done (also when the gateway ended the session because the token was revoked or
 * expired meanwhile, which the client says), 1 an error (gateway unreachable, token rejected at the
 * start, conversation not found), 2 a bad command line, 3 ({@code -m} only) the answer is partial.
 */
public final class TerminalClient {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;
    static final int PARTIAL = 3;

    private TerminalClient() {}

    public static void main(String[] args) {
        int status = run(List.of(args), System.getenv(), Path.of(System.getProperty("user.home")),
                Path.of("").toAbsolutePath(), System.in, System.out, System.err);
        // JLine and the HTTP client may leave threads behind; the program is done either way.
        System.exit(status);
    }

    /** {@code workingDirectory} is the one directory the model's file tools may use. */
    static int run(List<String> args, Map<String, String> env, Path home, Path workingDirectory, InputStream in,
            PrintStream out, PrintStream err) {
        Options options;
        try {
            options = Options.parse(args, env, home);
        } catch (Options.UsageException e) {
            err.println("mosaic client: " + e.getMessage() + " (try --help)");
            return USAGE;
        }
        if (options.help()) {
            out.print(Options.USAGE);
            return OK;
        }
        if (options.message() != null) {
            return OneShot.run(options, workingDirectory, in, out, err);
        }
        return interactive(options, workingDirectory, logFile(env, home), err);
    }

    private static int interactive(Options options, Path workingDirectory, Path logFile, PrintStream err) {
        LogRedirect log;
        try {
            log = LogRedirect.start(logFile);
        } catch (IOException e) {
            err.println("mosaic client: cannot open a log file: " + e.getMessage());
            return FAILED;
        }
        TerminalBuilder builder = TerminalBuilder.builder().system(true).name("mosaic");
        if (!TerminalClient.class.getModule().isNativeAccessEnabled()) {
            // Without --enable-native-access the JDK warns the moment JLine loads native code, and it
            // writes that warning to the original stderr, past the redirection. JLine's exec provider
            // (stty) needs no native code.
            builder.provider("exec");
        }
        int status;
        try (log; Terminal terminal = builder.build()) {
            status = new Interactive(options, terminal, workingDirectory).run();
        } catch (IOException e) {
            status = FAILED; // the log is closed by now, so this reaches the user
            err.println("mosaic client: cannot open the terminal: " + e.getMessage());
        }
        if (log.wroteSomething()) {
            err.println("mosaic client: warnings were written to " + log.file());
        }
        return status;
    }

    /** {@code $XDG_CACHE_HOME/mosaic}, else {@code ~/.cache/mosaic}. */
    static Path logFile(Map<String, String> env, Path home) {
        String cache = env.get("XDG_CACHE_HOME");
        Path dir = cache != null && !cache.isBlank() ? Path.of(cache) : home.resolve(".cache");
        return dir.resolve("mosaic").resolve("terminal-client.log");
    }
}
