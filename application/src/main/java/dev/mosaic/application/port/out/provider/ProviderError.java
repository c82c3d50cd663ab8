package dev.mosaic.application.port.out.provider;

import dev.mosaic.application.ErrorCode;
import java.time.Duration;
import java.util.Objects;

/**
 * A provider failure in neutral terms.
 *
 * @param httpStatus 0 when the failure did not come with a status (mid-stream, timeout, network)
 * @param retryAfter the provider's hint, or null
 * @param retryable whether trying again can help (the provider's own hint wins over the kind's default)
 */
public record ProviderError(Kind kind, String message, int httpStatus, Duration retryAfter, boolean retryable) {

    public enum Kind {
        AUTHENTICATION(ErrorCode.PROVIDER_AUTHENTICATION, false),
        RATE_LIMITED(ErrorCode.PROVIDER_RATE_LIMITED, true),
        OVERLOADED(ErrorCode.PROVIDER_OVERLOADED, true),
        CONTEXT_TOO_LONG(ErrorCode.PROVIDER_CONTEXT_TOO_LONG, false),
        BAD_REQUEST(ErrorCode.PROVIDER_BAD_REQUEST, false),
        UNAVAILABLE(ErrorCode.PROVIDER_UNAVAILABLE, true),
        TIMEOUT(ErrorCode.PROVIDER_TIMEOUT, true),
        MALFORMED_RESPONSE(ErrorCode.PROVIDER_MALFORMED_RESPONSE, false),
        ABORTED(ErrorCode.ABORTED, false),
        UNKNOWN(ErrorCode.PROVIDER_ERROR, false);

        private final ErrorCode code;
        private final boolean retryableByDefault;

        Kind(ErrorCode code, boolean retryableByDefault) {
            this.code = code;
            this.retryableByDefault = retryableByDefault;
        }

        public ErrorCode code() {
            return code;
        }

        public boolean retryableByDefault() {
            return retryableByDefault;
        }
    }

    public ProviderError {
        Objects.requireNonNull(kind, "kind");
        message = message == null || message.isBlank() ? kind.name().toLowerCase(java.util.Locale.ROOT) : message;
    }

    public static ProviderError of(Kind kind, String message) {
        return new ProviderError(kind, message, 0, null, kind.retryableByDefault());
    }
}
