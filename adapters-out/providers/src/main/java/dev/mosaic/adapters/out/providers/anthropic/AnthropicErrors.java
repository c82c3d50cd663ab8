package dev.mosaic.adapters.out.providers.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mosaic.adapters.out.providers.HttpFailure;
import dev.mosaic.adapters.out.providers.ProviderErrors;
import dev.mosaic.application.port.out.provider.ProviderError;
import dev.mosaic.application.port.out.provider.ProviderError.Kind;
import java.io.IOException;
import java.util.Locale;

/**
 * Anthropic's error shape, {@code {"type":"error","error":{"type":T,"message":M},"request_id":...}},
 * before a stream (with an HTTP status) or inside one (an {@code error} event), turned into
 * {@link ProviderError}s.
 */
final class AnthropicErrors {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_DETAIL = 300;

    private AnthropicErrors() {}

    /**
     * The status decides, as Anthropic documents it (401/403 authentication, 413 request too large,
     * 429 rate limit, 500 API error, 529 overloaded); a 400 says in its message when the prompt is too
     * long. Running out of credit is not worth retrying.
     *
     * @param model the model asked for, named in a 404 (an unknown model is its usual cause), or null
     */
    static ProviderError fromHttp(ProviderErrors errors, HttpFailure failure, String model) {
        ErrorBody error = ErrorBody.parse(failure.body());
        Kind kind = ProviderErrors.kindForStatus(failure.status());
        if (kind == Kind.BAD_REQUEST && error.promptTooLong()) {
            kind = Kind.CONTEXT_TOO_LONG;
        }
        String detail = failure.status() == 404 && model != null
                ? (error.message.isEmpty() ? "" : error.message + " ") + "(model '" + model + "')"
                : error.message;
        return errors.http(failure, kind, kind.retryableByDefault() && !error.type.equals("billing_error"), error.type, detail);
    }

    /** An {@code error} event after HTTP 200: only the error's type says what went wrong. */
    static ProviderError inStream(ProviderErrors errors, JsonNode errorNode) {
        ErrorBody error = ErrorBody.of(errorNode);
        Kind kind = switch (error.type) {
            case "overloaded_error" -> Kind.OVERLOADED;
            case "rate_limit_error", "billing_error" -> Kind.RATE_LIMITED;
            case "api_error" -> Kind.UNAVAILABLE;
            case "timeout_error" -> Kind.TIMEOUT;
            case "authentication_error", "permission_error" -> Kind.AUTHENTICATION;
            case "request_too_large" -> Kind.CONTEXT_TOO_LONG;
            case "invalid_request_error", "not_found_error" -> error.promptTooLong() ? Kind.CONTEXT_TOO_LONG : Kind.BAD_REQUEST;
            default -> Kind.UNKNOWN;
        };
        return errors.inStream(kind, kind.retryableByDefault() && !error.type.equals("billing_error"), error.type, error.message);
    }

    /** The error's type and message; any body that is not Anthropic's JSON (Cloudflare's 413 page) is quoted. */
    private record ErrorBody(String type, String message) {

        static ErrorBody parse(String body) {
            try {
                JsonNode root = JSON.readTree(body == null ? "" : body);
                if (root != null && root.path("error").isObject()) {
                    return of(root.get("error"));
                }
            } catch (IOException notJson) {
                // Quoted below.
            }
            return new ErrorBody("", ProviderErrors.excerpt(body, MAX_DETAIL));
        }

        static ErrorBody of(JsonNode error) {
            return new ErrorBody(error.path("type").asText(""), error.path("message").asText(""));
        }

        boolean promptTooLong() {
            return message.toLowerCase(Locale.ROOT).contains("prompt is too long");
        }
    }
}
