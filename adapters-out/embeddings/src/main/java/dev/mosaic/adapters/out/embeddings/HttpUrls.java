package dev.mosaic.adapters.out.embeddings;

import java.net.URI;

/** Checks the configuration records make of their URLs. */
final class HttpUrls {

    private HttpUrls() {}

    /** An absolute http or https URL with a host: what OkHttp can call. */
    static boolean isHttp(URI url) {
        return ("http".equalsIgnoreCase(url.getScheme()) || "https".equalsIgnoreCase(url.getScheme())) && url.getHost() != null;
    }
}
