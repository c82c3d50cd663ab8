package dev.mosaic.adapters.out.providers.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mosaic.adapters.out.providers.HttpFailure;
import dev.mosaic.adapters.out.providers.ProviderErrors;
import dev.mosaic.application.port.out.provider.ProviderError;
import dev.mosaic.application.port.out.provider.ProviderError.Kind;
import java.io.IOException;
import java.util.Locale;

/**
 * OpenAI's error shapes, which Chat Completions, Responses and the OpenAI-compatible vendors share
 * (with their quirks), turned into {@link ProviderError}s.
 */
final class OpenAiErrors {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_DETAIL = 300;

    private OpenAiErrors() {}

    /** An error status before any stream, with its body as sent (OpenAI's JSON envelope or anything else). */
    static ProviderError fromHttp(ProviderErrors errors, HttpFailure failure) {
        ErrorBody error = ErrorBody.parse(failure.body());
        Kind kind = kindFor(failure.status(), error);
        boolean retryable = kind.retryableByDefault() && !error.is("insufficient_quota") && failure.status() != 402;
        return errors.http(failure, kind, retryable, error.code, error.message);
    }

    /**
     * An error inside a stream that had started fine: a Chat Completions chunk {@code {"error":{...}}},
     * a Responses {@code error} event or the {@code error} of a failed response.
     */
    static ProviderError inBand(ProviderErrors errors, JsonNode errorNode) {
        ErrorBody error = ErrorBody.of(errorNode);
        Kind kind;
        if (error.code.matches("\\d{3}")) {
            // OpenRouter puts an HTTP status in "code".
            kind = kindFor(Integer.parseInt(error.code), error);
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
        return errors.inStream(kind, kind.retryableByDefault() && !error.is("insufficient_quota"),
                error.code.isEmpty() ? error.type : error.code, error.message);
    }

    private static Kind kindFor(int status, ErrorBody error) {
        Kind kind = ProviderErrors.kindForStatus(status);
        boolean tooLong = error.is("context_length") || error.message.contains("maximum context length");
        return kind == Kind.BAD_REQUEST && tooLong ? Kind.CONTEXT_TOO_LONG : kind;
    }

    /**
     * The parts of an error body: OpenAI's {@code {"error":{"message","type","param","code"}}}, where
     * {@code code} may also be a number (OpenRouter) or a business code string (Z.ai); Ollama's
     * {@code {"error":"..."}}; or any text at all, such as a proxy's HTML page.
     */
    private record ErrorBody(String message, String type, String code) {

        static ErrorBody parse(String body) {
            try {
                JsonNode root = JSON.readTree(body == null ? "" : body);
                if (root != null && root.has("error")) {
                    return of(root.get("error"));
                }
            } catch (IOException notJson) {
                // Reported below as text.
            }
            return new ErrorBody(ProviderErrors.excerpt(body, MAX_DETAIL), "", "");
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
