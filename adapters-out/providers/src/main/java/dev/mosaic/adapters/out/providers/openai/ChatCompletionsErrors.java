package dev.mosaic.adapters.out.providers.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.Locale;
import javax.net.ssl.SSLException;
import okhttp3.Headers;

/**
 * Turns what went wrong with a Chat Completions call into a {@link ProviderError} a person can read.
 * Every message passes through {@link #scrub} so that the API key never appears in one, even when
 * a server echoes it back.
 */
final class ChatCompletionsErrors {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_DETAIL = 300;

    private final String providerId;
    private final URI baseUrl;
    private final Secret apiKey;

    ChatCompletionsErrors(OpenAiChatConfig config) {
        this.providerId = config.providerId();
        this.baseUrl = config.baseUrl();
        this.apiKey = config.apiKey();
    }

    /** An error status before any stream, with its body as sent (OpenAI's JSON envelope or anything else). */
    ProviderError fromHttp(int status, Headers headers, String body, String url) {
        ErrorBody error = ErrorBody.parse(body);
        Kind kind = kindForStatus(status, error);
        boolean retryable = kind.retryableByDefault() && !error.is("insufficient_quota") && status != 402;
        String shouldRetry = headers.get("x-should-retry");
        if (shouldRetry != null) {
            retryable = Boolean.parseBoolean(shouldRetry.strip());
        }
        String message = providerId + " answered HTTP " + status + (error.code.isEmpty() ? "" : " (" + error.code + ")")
                + (status == 404 ? " for " + url : "") + ": " + (error.message.isEmpty() ? "no details given" : error.message);
        return new ProviderError(kind, scrub(message), status, retryAfter(headers), retryable);
    }

    /** A chunk {@code {"error":{...}}} inside a stream that had started fine. */
    ProviderError inBand(JsonNode errorNode) {
        ErrorBody error = ErrorBody.of(errorNode);
        Kind kind;
        boolean retryable;
        if (error.code.matches("\\d{3}")) {
            // OpenRouter puts an HTTP status in "code".
            kind = kindForStatus(Integer.parseInt(error.code), error);
        } else if (error.is("context_length")) {
            kind = Kind.CONTEXT_TOO_LONG;
        } else if (error.is("rate_limit") || error.is("insufficient_quota")) {
            kind = Kind.RATE_LIMITED;
        } else if (error.is("overloaded")) {
            kind = Kind.OVERLOADED;
        } else if (error.is("server_error") || error.is("api_error")) {
            kind = Kind.UNAVAILABLE;
        } else {
            kind = Kind.UNKNOWN;
        }
        retryable = kind.retryableByDefault() && !error.is("insufficient_quota");
        String detail = error.message.isEmpty() ? "no details given" : error.message;
        String label = error.code.isEmpty() ? error.type : error.code;
        return new ProviderError(kind, scrub(providerId + " failed in the middle of the reply: " + detail
                + (label.isEmpty() ? "" : " (" + label + ")")), 0, null, retryable);
    }

    /** A failure of the connection itself: nothing, or only part of a response, arrived. */
    ProviderError fromException(Throwable failure, boolean streaming) {
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

    ProviderError timeout(String message) {
        return ProviderError.of(Kind.TIMEOUT, scrub(message));
    }

    ProviderError malformed(String message) {
        return ProviderError.of(Kind.MALFORMED_RESPONSE, scrub(message));
    }

    ProviderError of(Kind kind, String message) {
        return ProviderError.of(kind, scrub(message));
    }

    /** Replaces the API key, wherever it appears, by its masked form. */
    String scrub(String message) {
        return apiKey == null ? message : message.replace(apiKey.reveal(), apiKey.masked());
    }

    private static Kind kindForStatus(int status, ErrorBody error) {
        return switch (status) {
            case 401, 403 -> Kind.AUTHENTICATION;
            case 402, 429 -> Kind.RATE_LIMITED;
            case 408 -> Kind.TIMEOUT;
            case 413 -> Kind.CONTEXT_TOO_LONG;
            case 529 -> Kind.OVERLOADED;
            default -> {
                if (status >= 500) {
                    yield Kind.UNAVAILABLE;
                }
                if (status >= 400) {
                    yield error.is("context_length") || error.message.contains("maximum context length")
                            ? Kind.CONTEXT_TOO_LONG : Kind.BAD_REQUEST;
                }
                yield Kind.UNKNOWN;
            }
        };
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

    /**
     * The parts of an error body: OpenAI's {@code {"error":{"message","type","param","code"}}}, where
     * {@code code} may also be a number (OpenRouter) or a business code string (Z.ai); Ollama's
     * {@code {"error":"..."}}; or any text at all, such as a proxy's HTML page.
     */
    private record ErrorBody(String message, String type, String code) {

        static ErrorBody parse(String body) {
            String text = body == null ? "" : body.strip();
            try {
                JsonNode root = JSON.readTree(text);
                if (root != null && root.has("error")) {
                    return of(root.get("error"));
                }
            } catch (IOException notJson) {
                // Reported below as text.
            }
            String flat = text.replaceAll("\\s+", " ");
            return new ErrorBody(flat.length() > MAX_DETAIL ? flat.substring(0, MAX_DETAIL) + "…" : flat, "", "");
        }

        static ErrorBody of(JsonNode error) {
            if (error.isTextual()) {
                return new ErrorBody(error.asText(), "", "");
            }
            String message = error.path("message").asText("");
            String raw = error.path("metadata").path("raw").asText("");
            if (!raw.isEmpty()) {
                // OpenRouter passes the upstream provider's own error along here.
                message += " (upstream: " + (raw.length() > MAX_DETAIL ? raw.substring(0, MAX_DETAIL) + "…" : raw) + ")";
            }
            JsonNode code = error.path("code");
            return new ErrorBody(message, error.path("type").asText(""), code.isValueNode() && !code.isNull() ? code.asText() : "");
        }

        /** Whether the code or type mentions this word, e.g. {@code rate_limit} in {@code rate_limit_exceeded}. */
        boolean is(String word) {
            return code.toLowerCase(Locale.ROOT).contains(word) || type.toLowerCase(Locale.ROOT).contains(word);
        }
    }
}
