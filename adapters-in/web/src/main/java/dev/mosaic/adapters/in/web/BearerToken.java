package dev.mosaic.adapters.in.web;

import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import java.util.Locale;
import java.util.Optional;

/** Reads {@code Authorization: Bearer <token>}. */
final class BearerToken {
    private BearerToken() {}

    static Optional<String> from(Headers headers) {
        return headers.first(HeaderNames.AUTHORIZATION)
                .filter(value -> value.length() > 7 && value.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer "))
                .map(value -> value.substring(7).strip());
    }
}
