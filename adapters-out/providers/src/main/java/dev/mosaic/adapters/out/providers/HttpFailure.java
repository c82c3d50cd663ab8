package dev.mosaic.adapters.out.providers;

import okhttp3.Headers;

/**
 * An error status a provider answered before any stream, as each protocol's error mapping sees it.
 *
 * @param body the body as sent, perhaps not JSON (a proxy's HTML page) or empty
 * @param url the URL that was called, named in messages about a 404
 */
public record HttpFailure(int status, Headers headers, String body, String url) {}
