package dev.mosaic.tui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The receiver of the browser's redirect, on a real port, sent real HTTP requests. */
class OAuthCallbackTest {

    private static final String STATE = "st-9d2e";

    private final HttpClient browser = HttpClient.newHttpClient();
    private final Queue<String> ignored = new ConcurrentLinkedQueue<>();
    private OAuthCallback callback;

    @AfterEach
    void stop() {
        if (callback != null) {
            callback.close();
        }
        browser.close();
    }

    @Test
    void takesTheBrowsersRedirectAndYieldsTheCode() throws Exception {
        int port = freePort();
        callback = OAuthCallback.listen("http://localhost:" + port + "/callback", STATE, ignored::add);

        HttpResponse<String> page = get("http://127.0.0.1:" + port + "/callback?code=c%2Fx-123&state=" + STATE);

        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("Mosaic: login received, you can close this tab."), page.body());
        assertEquals("text/html; charset=utf-8", page.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("no-store", page.headers().firstValue("Cache-Control").orElseThrow());
        assertEquals("c/x-123", callback.code().get(10, TimeUnit.SECONDS), "decoded");
        assertEquals(List.of(), List.copyOf(ignored));
    }

    @Test
    void turnsAwayAnotherLoginsStateWithAnErrorPageAndKeepsWaiting() throws Exception {
        int port = freePort();
        callback = OAuthCallback.listen("http://127.0.0.1:" + port + "/oauth/cb", STATE, ignored::add);

        HttpResponse<String> stale = get("http://127.0.0.1:" + port + "/oauth/cb?code=stolen&state=st-other");
        assertEquals(400, stale.statusCode());
        assertTrue(stale.body().contains("this is not the login the terminal client is waiting for"), stale.body());
        HttpResponse<String> stateless = get("http://127.0.0.1:" + port + "/oauth/cb?code=stolen");
        assertEquals(400, stateless.statusCode());
        HttpResponse<String> codeless = get("http://127.0.0.1:" + port + "/oauth/cb?state=" + STATE);
        assertEquals(400, codeless.statusCode());
        assertTrue(codeless.body().contains("came back without a code"), codeless.body());
        assertEquals(404, get("http://127.0.0.1:" + port + "/favicon.ico").statusCode());
        assertFalse(callback.code().isDone());
        assertEquals(3, ignored.size(), "the favicon is no news: " + ignored);
        assertTrue(ignored.peek().contains("its state is not this login's"), ignored.peek());

        assertEquals(200, get("http://127.0.0.1:" + port + "/oauth/cb?state=" + STATE + "&code=good").statusCode());
        assertEquals("good", callback.code().get(10, TimeUnit.SECONDS));
    }

    @Test
    void anErrorFromTheAuthorizationServerEndsTheLoginAndStaysText() throws Exception {
        int port = freePort();
        callback = OAuthCallback.listen("http://localhost:" + port + "/callback", STATE, ignored::add);

        HttpResponse<String> page = get("http://127.0.0.1:" + port + "/callback?error=access_denied"
                + "&error_description=%3Cscript%3Ealert(1)%3C%2Fscript%3E&state=" + STATE);

        assertEquals(400, page.statusCode());
        assertTrue(page.body().contains("the login failed (access_denied: &lt;script&gt;alert(1)&lt;/script&gt;)"),
                page.body());
        assertFalse(page.body().contains("<script>"), page.body());
        ExecutionException failed = assertThrows(ExecutionException.class,
                () -> callback.code().get(10, TimeUnit.SECONDS));
        OAuthCallback.Refused refused = assertInstanceOf(OAuthCallback.Refused.class, failed.getCause());
        assertEquals("access_denied: <script>alert(1)</script>", refused.getMessage());
    }

    @Test
    void saysWhenThePortIsBusy() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            OAuthCallback.Unavailable e = assertThrows(OAuthCallback.Unavailable.class, () -> OAuthCallback.listen(
                    "http://localhost:" + taken.getLocalPort() + "/callback", STATE, ignored::add));
            assertEquals("port " + taken.getLocalPort() + " on this machine is busy, so the browser cannot be caught",
                    e.getMessage());
        }
    }

    @Test
    void catchesOnlyPlainHttpRedirectsToThisMachine() {
        for (String elsewhere : List.of("https://console.example/oauth/code/callback", "http://gw.example:53692/callback",
                "https://localhost:53692/callback", "localhost:53692")) {
            OAuthCallback.Unavailable e = assertThrows(OAuthCallback.Unavailable.class,
                    () -> OAuthCallback.listen(elsewhere, STATE, ignored::add), elsewhere);
            assertEquals("the browser is sent back to " + elsewhere + ", not to this machine", e.getMessage());
        }
        assertEquals("the gateway's redirect address is not one: http://local host/",
                assertThrows(OAuthCallback.Unavailable.class,
                        () -> OAuthCallback.listen("http://local host/", STATE, ignored::add)).getMessage());
        assertEquals("the browser is sent back to no address, not to this machine",
                assertThrows(OAuthCallback.Unavailable.class,
                        () -> OAuthCallback.listen(null, STATE, ignored::add)).getMessage());
    }

    @Test
    void closingStopsListening() throws Exception {
        int port = freePort();
        callback = OAuthCallback.listen("http://localhost:" + port + "/callback", STATE, ignored::add);
        callback.close();
        assertInstanceOf(ConnectException.class, assertThrows(IOException.class,
                () -> get("http://127.0.0.1:" + port + "/callback?code=late&state=" + STATE)));
        try (ServerSocket again = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
            assertEquals(port, again.getLocalPort(), "the port is free again");
        }
    }

    private HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return browser.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A port nobody listens on: the redirect URI names a fixed one. */
    static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return probe.getLocalPort();
        }
    }
}
