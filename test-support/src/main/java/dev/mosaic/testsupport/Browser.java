package dev.mosaic.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * What a user's browser does in an OAuth login, for tests: opens the authorization URL and reports
 * where the server sends it back, without following there (the test plays the redirect target).
 */
public final class Browser {
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private Browser() {}

    /** @return the {@code Location} the authorization server redirected to */
    public static URI authorize(URI authorizationUrl) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(authorizationUrl).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        String location = response.headers().firstValue("Location").orElseThrow(() -> new AssertionError(
                "the authorization server did not redirect (HTTP " + response.statusCode() + "): " + response.body()));
        return URI.create(location);
    }

    /** The decoded query parameters of a URL. */
    public static Map<String, String> query(URI uri) {
        Map<String, String> parameters = new HashMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                int equals = pair.indexOf('=');
                parameters.put(decode(equals < 0 ? pair : pair.substring(0, equals)),
                        equals < 0 ? "" : decode(pair.substring(equals + 1)));
            }
        }
        return parameters;
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }
}
