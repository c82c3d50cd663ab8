package dev.mosaic.architecture.planted.application.service;

import okhttp3.OkHttpClient;

/** Violation: an HTTP client library (okhttp) in the core. */
public final class HttpService {
    private final OkHttpClient client = new OkHttpClient();

    public OkHttpClient client() {
        return client;
    }
}
