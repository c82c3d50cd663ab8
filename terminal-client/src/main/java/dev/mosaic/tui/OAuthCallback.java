package dev.mosaic.tui;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Catches the browser at the end of an OAuth login: when the provider sends it to a redirect URI on
 * this machine ({@code http://localhost:<port>/<path>}), a small HTTP server on 127.0.0.1 at that
 * port and path takes the request, shows the browser a page that says how it went, and hands the
 * code on. Requests whose {@code state} is not this login's are answered with an error page and
 * otherwise ignored, so that a stale tab or another program cannot end the login.
 */
final class OAuthCallback implements AutoCloseable {

    /** Why the redirect cannot be caught here (the message says it for people); the user pastes it instead. */
    static final class Unavailable extends Exception {
        Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The authorization server sent the browser back with an error instead of a code. */
    static final class Refused extends Exception {
        Refused(String message) {
            super(message);
        }
    }

    private final HttpServer server;
    private final String path;
    private final String state;
    private final Consumer<String> ignored;
    private final CompletableFuture<String> code = new CompletableFuture<>();

    private OAuthCallback(HttpServer server, String path, String state, Consumer<String> ignored) {
        this.server = server;
        this.path = path;
        this.state = state;
        this.ignored = ignored;
    }

    /**
     * Listens at {@code redirectUri} for the browser to come back with {@code state}.
     *
     * @param ignored told, with a message for people, about each request that was turned away
     * @throws Unavailable when the redirect does not come to this machine over plain HTTP, or its port is taken
     */
    static OAuthCallback listen(String redirectUri, String state, Consumer<String> ignored) throws Unavailable {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(ignored, "ignored");
        URI uri;
        try {
            uri = new URI(Objects.requireNonNullElse(redirectUri, ""));
        } catch (URISyntaxException e) {
            throw new Unavailable("the gateway's redirect address is not one: " + redirectUri, e);
        }
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        if (!"http".equalsIgnoreCase(uri.getScheme()) || !(host.equals("localhost") || host.equals("127.0.0.1"))) {
            throw new Unavailable("the browser is sent back to " + (redirectUri == null ? "no address" : redirectUri)
                    + ", not to this machine", null);
        }
        int port = uri.getPort() < 0 ? 80 : uri.getPort();
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        } catch (BindException e) {
            throw new Unavailable("port " + port + " on this machine is busy, so the browser cannot be caught", e);
        } catch (IOException e) {
            throw new Unavailable("cannot listen on 127.0.0.1:" + port + ": " + e.getMessage(), e);
        }
        OAuthCallback callback = new OAuthCallback(server, path, state, ignored);
        server.createContext("/", callback::handle);
        server.start();
        return callback;
    }

    /**
     * Completes with the code once the browser brought it; fails with {@link Refused} when the
     * authorization server sent an error instead.
     */
    CompletableFuture<String> code() {
        return code;
    }

    /** Stops listening; the browser can no longer come back here. */
    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        // The code is handed on only once the browser has its page, so that closing right after cuts nothing short.
        Runnable then = () -> { };
        try (exchange) {
            if (!exchange.getRequestURI().getRawPath().equals(path)) {
                page(exchange, 404, "Mosaic: nothing here.");
                return;
            }
            if (!"GET".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", "GET");
                page(exchange, 405, "Mosaic: only GET is answered here.");
                return;
            }
            Map<String, String> query = parameters(exchange.getRequestURI().getRawQuery());
            String error = query.get("error");
            String value = query.get("code");
            if (!state.equals(query.get("state"))) {
                page(exchange, 400, "Mosaic: this is not the login the terminal client is waiting for. "
                        + "Use the address it printed last.");
                then = () -> ignored.accept("turned away a browser that came back from another login (its state is"
                        + " not this login's); open the address printed last");
            } else if (error != null) {
                String why = error + (query.get("error_description") == null ? "" : ": " + query.get("error_description"));
                page(exchange, 400, "Mosaic: the login failed (" + why + "). You can close this tab.");
                then = () -> code.completeExceptionally(new Refused(why));
            } else if (value == null || value.isBlank()) {
                page(exchange, 400, "Mosaic: the browser came back without a code.");
                then = () -> ignored.accept("the browser came back without a code; paste what it shows instead");
            } else {
                page(exchange, 200, "Mosaic: login received, you can close this tab.");
                then = () -> code.complete(value);
            }
        } finally {
            then.run();
        }
    }

    /** The query's parameters, decoded; the first of each name counts, and one that is not well encoded is left out. */
    private static Map<String, String> parameters(String rawQuery) {
        Map<String, String> parameters = new HashMap<>();
        for (String pair : rawQuery == null ? new String[0] : rawQuery.split("&")) {
            String[] parts = pair.split("=", 2);
            try {
                parameters.putIfAbsent(URLDecoder.decode(parts[0], StandardCharsets.UTF_8),
                        parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "");
            } catch (IllegalArgumentException e) {
                // not percent-encoded properly: as if absent
            }
        }
        return parameters;
    }

    private static void page(HttpExchange exchange, int status, String text) throws IOException {
        byte[] body = ("<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>Mosaic</title></head>"
                + "<body><p>" + escape(text) + "</p></body></html>\n").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** The page repeats what came in the address (an error's description), which must stay text. */
    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
