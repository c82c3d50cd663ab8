package dev.mosaic.tui;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The command line, resolved: where the gateway is, the token, and what to do.
 *
 * <p>The token comes from {@code --token}, else {@code --token-file}, else {@code MOSAIC_TOKEN},
 * else {@code ~/.config/mosaic/token}: what is typed on the command line wins over the
 * environment, which wins over the default file.
 *
 * @param conversationId the conversation to resume ({@code -c}), or {@code null}
 * @param message the one message to send without the interactive UI ({@code -m}), or {@code null}
 * @param help whether to print the usage and stop (nothing else is resolved then)
 */
record Options(URI url, String token, String conversationId, String message, boolean help) {

    static final String DEFAULT_URL = "ws://127.0.0.1:8080/v1/ws";
    private static final String WEBSOCKET_PATH = "/v1/ws";

    static final String USAGE = """
            Usage: mosaic client [options]

            Chat with a Mosaic gateway from the terminal.

            Options:
              --url <ws-url>        the gateway's WebSocket (default: $MOSAIC_URL, else %s)
              --token <token>       the API token (default: $MOSAIC_TOKEN)
              --token-file <path>   read the token from a file (default: ~/.config/mosaic/token)
              -c <conversation-id>  resume a conversation: show it, then continue in it
              -m <text>             send one message, print the answer to stdout and exit
                                    ("-m -" reads the message from stdin); exits 0 when the answer
                                    is complete, 3 when it is partial, 1 on errors
              -h, --help            this help

            In the chat: /history and /help ask the gateway; /new starts a new conversation;
            /resume lists your recent conversations to continue one; /search <words> finds
            messages ("road trip", lisbon -porto, lisb*) to continue their conversation; /model
            says which model answers and why, then lists the model catalog (/model <text>: only
            the models whose provider or id contains it); /provider shows each provider's health
            and whether you stored a key of your own for it; /agent lists the agents, /agent NAME
            switches to one, /agent new creates one; /stats shows what the conversation used;
            /quit or Ctrl+D leaves. Ctrl+C stops an answer being written (twice: stop waiting for
            it); at the prompt it clears the line.

            The model may read, list and search the files in the current directory (nothing
            outside it); it writes a file only when you answer y, and never with -m.
            """.formatted(DEFAULT_URL);

    /** A command line that cannot be used; the message says why. */
    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }

    static Options parse(List<String> args, Map<String, String> env, Path home) throws UsageException {
        String url = null;
        String token = null;
        String tokenFile = null;
        String conversation = null;
        String message = null;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String name = arg;
            String inlineValue = null;
            int equals = arg.indexOf('=');
            if (arg.startsWith("--") && equals > 0) {
                name = arg.substring(0, equals);
                inlineValue = arg.substring(equals + 1);
            }
            switch (name) {
                case "-h", "--help" -> {
                    return new Options(null, null, null, null, true);
                }
                case "--url", "--token", "--token-file", "-c", "--conversation", "-m", "--message" -> {
                    String value = inlineValue;
                    if (value == null) {
                        if (i + 1 >= args.size()) {
                            throw new UsageException(name + " needs a value");
                        }
                        value = args.get(++i);
                    }
                    switch (name) {
                        case "--url" -> url = value;
                        case "--token" -> token = value;
                        case "--token-file" -> tokenFile = value;
                        case "-c", "--conversation" -> conversation = value;
                        default -> message = value;
                    }
                }
                default -> throw new UsageException("unknown option '" + arg + "'");
            }
        }
        if (token != null && tokenFile != null) {
            throw new UsageException("give either --token or --token-file, not both");
        }
        if (conversation != null && conversation.isBlank()) {
            throw new UsageException("-c needs a conversation id");
        }
        if (message != null && message.isBlank()) {
            throw new UsageException("-m needs a message");
        }
        return new Options(url(url != null ? url : env.get("MOSAIC_URL")),
                token(token, tokenFile, env.get("MOSAIC_TOKEN"), home), conversation, message, false);
    }

    private static URI url(String text) throws UsageException {
        if (text == null || text.isBlank()) {
            text = DEFAULT_URL;
        }
        URI url;
        try {
            url = new URI(text.strip());
        } catch (URISyntaxException e) {
            throw new UsageException("not a URL: " + text);
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("ws") && !scheme.equals("wss") || url.getHost() == null) {
            throw new UsageException("the gateway URL must look like ws://host:port" + WEBSOCKET_PATH
                    + " (or wss://…), not " + text);
        }
        if (url.getRawPath() == null || url.getRawPath().isEmpty() || url.getRawPath().equals("/")) {
            // ws://host:port alone means the gateway's one WebSocket endpoint.
            url = url.resolve(WEBSOCKET_PATH);
        }
        return url;
    }

    private static String token(String token, String tokenFile, String envToken, Path home) throws UsageException {
        if (token != null) {
            return checked(token, "--token");
        }
        if (tokenFile != null) {
            return readToken(Path.of(tokenFile), true);
        }
        if (envToken != null && !envToken.isBlank()) {
            return checked(envToken, "MOSAIC_TOKEN");
        }
        String found = readToken(defaultTokenFile(home), false);
        if (found == null) {
            throw new UsageException("no token: pass --token <token> or --token-file <path>, set MOSAIC_TOKEN, or put "
                    + "the token in " + defaultTokenFile(home));
        }
        return found;
    }

    static Path defaultTokenFile(Path home) {
        return home.resolve(".config").resolve("mosaic").resolve("token");
    }

    /** The token in a file, or {@code null} when an optional file does not exist. */
    private static String readToken(Path file, boolean required) throws UsageException {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            if (!required) {
                return null;
            }
            throw new UsageException("token file " + file + " does not exist");
        } catch (IOException e) {
            throw new UsageException("cannot read token file " + file + ": " + e.getMessage());
        }
        return checked(text, "token file " + file);
    }

    private static String checked(String token, String source) throws UsageException {
        String stripped = token.strip();
        if (stripped.isEmpty()) {
            throw new UsageException(source + " is empty");
        }
        if (stripped.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
            throw new UsageException(source + " holds more than one token (it contains spaces or line breaks)");
        }
        return stripped;
    }

    @Override
    public String toString() {
        // Never print the token.
        return "Options[url=" + url + ", conversationId=" + conversationId + ", message=" + (message != null)
                + ", help=" + help + "]";
    }
}
