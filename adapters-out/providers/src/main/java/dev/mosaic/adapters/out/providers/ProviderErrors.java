package dev.mosaic.adapters.out.providers;

import dev.mosaic.application.Secret;
import dev.mosaic.application.port.out.provider.ProviderError;
import dev.mosaic.application.port.out.provider.ProviderError.Kind;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLException;
import okhttp3.Headers;

/**
 * Builds the {@link ProviderError}s every protocol needs, with messages a person can read and in the
 * same words whatever the protocol. Each protocol decides the kind and the detail from its own error
 * shapes; this class adds who answered, the retry hints of the headers, and passes every message
 * through {@link #scrub} so that no credential appears in one, even when a server echoes it back.
 */
public final class ProviderErrors {
    private final String providerId;
    private final URI baseUrl;
    private final List<Secret> secrets;

    /** @param secrets the credentials this provider is called with; nulls (not configured) are skipped */
    public ProviderErrors(ProviderEndpoint endpoint, Secret... secrets) {
        this.providerId = endpoint.providerId();
        this.baseUrl = endpoint.baseUrl();
        this.secrets = Arrays.stream(secrets).filter(Objects::nonNull).toList();
    }

    public String providerId() {
        return providerId;
    }

    /**
     * An error status before any stream. The provider's {@code x-should-retry} header, when sent,
     * overrides {@code retryable}; a 404 names the URL, since a wrong base URL is its usual cause.
     *
     * @param label the provider's error code or type, or empty
     * @param detail the provider's own message, or empty
     */
    public ProviderError http(HttpFailure failure, Kind kind, boolean retryable, String label, String detail) {
        String shouldRetry = failure.headers().get("x-should-retry");
        if (shouldRetry != null) {
            retryable = Boolean.parseBoolean(shouldRetry.strip());
        }
        String message = providerId + " answered HTTP " + failure.status() + (label.isEmpty() ? "" : " (" + label + ")")
                + (failure.status() == 404 ? " for " + failure.url() : "") + ": "
                + (detail.isEmpty() ? "no details given" : detail);
        return new ProviderError(kind, scrub(message), failure.status(), retryAfter(failure.headers()), retryable);
    }

    /** An error reported inside a stream that had started fine (the HTTP status stays 200). */
    public ProviderError inStream(Kind kind, boolean retryable, String label, String detail) {
        return new ProviderError(kind, scrub(providerId + " failed in the middle of the reply: "
                + (detail.isEmpty() ? "no details given" : detail) + (label.isEmpty() ? "" : " (" + label + ")")),
                0, null, retryable);
    }

    /** A failure of the connection itself: nothing, or only part of a response, arrived. */
    public ProviderError fromException(Throwable failure, boolean streaming) {
        String where = providerId + " at " + baseUrl;
        String reason = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        ProviderError error = switch (failure) {
            case UnknownHostException _ -> ProviderError.of(Kind.UNAVAILABLE,
                    "cannot reach " + where + ": unknown host " + baseUrl.getHost());
            case ConnectException _ -> ProviderError.of(Kind.UNAVAILABLE, "cannot reach " + where + ": connection refused ("
                    + reason + ")");
            case NoRouteToHostException _ -> ProviderError.of(Kind.UNAVAILABLE, "cannot reach " + where + ": no route to host");
            case SSLException _ -> ProviderError.of(Kind.UNAVAILABLE, "TLS failed with " + where + ": " + reason);
            case InterruptedIOException _ -> ProviderError.of(Kind.TIMEOUT, "timed out talking to " + where + ": " + reason);
            case IOException _ when streaming -> ProviderError.of(Kind.UNAVAILABLE,
                    "the connection to " + where + " broke in the middle of the reply: " + reason);
            case IOException _ -> ProviderError.of(Kind.UNAVAILABLE, "the request to " + where + " failed: " + reason);
            default -> ProviderError.of(Kind.UNKNOWN, "the call to " + where + " failed: " + failure);
        };
        return new ProviderError(error.kind(), scrub(error.message()), 0, null, error.retryable());
    }

    /** The stream ended without its terminal marker; {@code missing} names it, e.g. {@code no message_stop}. */
    public ProviderError endedEarly(String missing) {
        return malformed(providerId + " stream ended early: the response ended before the reply was complete (" + missing + ")");
    }

    public ProviderError timeout(String message) {
        return ProviderError.of(Kind.TIMEOUT, scrub(message));
    }

    public ProviderError malformed(String message) {
        return ProviderError.of(Kind.MALFORMED_RESPONSE, scrub(message));
    }

    public ProviderError of(Kind kind, String message) {
        return ProviderError.of(kind, scrub(message));
    }

    /** Replaces each credential, wherever it appears as a whole token, by its masked form. */
    public String scrub(String message) {
        String scrubbed = message;
        for (Secret secret : secrets) {
            scrubbed = secret.maskIn(scrubbed);
        }
        return scrubbed;
    }

    /** The kind an HTTP status means when the body says nothing more precise. */
    public static Kind kindForStatus(int status) {
        return switch (status) {
            case 401, 403 -> Kind.AUTHENTICATION;
            case 402, 429 -> Kind.RATE_LIMITED;
            case 408 -> Kind.TIMEOUT;
            case 413 -> Kind.CONTEXT_TOO_LONG;
            case 529 -> Kind.OVERLOADED;
            default -> status >= 500 ? Kind.UNAVAILABLE : status >= 400 ? Kind.BAD_REQUEST : Kind.UNKNOWN;
        };
    }

    /** Text quoted in a message: whitespace flattened, cut after {@code max} characters. */
    public static String excerpt(String text, int max) {
        String flat = text == null ? "" : text.strip().replaceAll("\\s+", " ");
        return flat.length() > max ? flat.substring(0, max) + "…" : flat;
    }

    /** {@code retry-after-ms} (milliseconds), else {@code retry-after} (seconds or an HTTP date); null if neither. */
    private static Duration retryAfter(Headers headers) {
        String millis = headers.get("retry-after-ms");
        if (millis != null) {
            try {
                return Duration.ofMillis(Math.max(0, (long) Double.parseDouble(millis.strip())));
            } catch (NumberFormatException ignored) {
                // Fall back to retry-after.
            }
        }
        String value = headers.get("retry-after");
        if (value == null) {
            return null;
        }
        try {
            return Duration.ofMillis(Math.max(0, (long) (Double.parseDouble(value.strip()) * 1000)));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant when = ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration wait = Duration.between(Instant.now(), when);
                return wait.isNegative() ? Duration.ZERO : wait;
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }
}
