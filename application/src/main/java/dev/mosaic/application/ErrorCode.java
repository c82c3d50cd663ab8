package dev.mosaic.application;

import java.util.Locale;
import java.util.Optional;

/** Stable error codes that clients can branch on. The wire form is the lower-case name. */
public enum ErrorCode {
    BAD_FRAME,
    UNKNOWN_TYPE,
    FRAME_TOO_LARGE,
    BODY_TOO_LARGE,
    UNSUPPORTED_MEDIA_TYPE,
    INVALID_INPUT,
    UNAUTHORIZED,
    /** Authenticated, but the action is an admin's. */
    FORBIDDEN,
    TOKEN_EXPIRED,
    TOKEN_REVOKED,
    NOT_FOUND,
    /** What was edited changed meanwhile; read it again and retry. */
    EDIT_CONFLICT,
    REPLY_IN_PROGRESS,
    NO_REPLY_IN_PROGRESS,
    UNKNOWN_COMMAND,
    /** A client answered a tool call it was not asked. */
    UNKNOWN_TOOL_CALL,
    /** An agent's step limit stopped its tool loop. */
    TOOL_STEP_LIMIT,
    PROVIDER_AUTHENTICATION,
    PROVIDER_RATE_LIMITED,
    PROVIDER_OVERLOADED,
    PROVIDER_CONTEXT_TOO_LONG,
    PROVIDER_BAD_REQUEST,
    PROVIDER_UNAVAILABLE,
    PROVIDER_TIMEOUT,
    PROVIDER_MALFORMED_RESPONSE,
    PROVIDER_ERROR,
    /** A retry or delete that the job's state does not allow (it is running, or not finished). */
    JOB_STATE_CONFLICT,
    /** The job queue's store cannot be reached; nothing was changed. */
    QUEUE_UNAVAILABLE,
    /** The embedding model failed or was too slow; memory could not be searched or written. */
    EMBEDDING_UNAVAILABLE,
    ABORTED,
    INTERRUPTED,
    /** The channel is not accepting messages: it has not started yet, or is stopping. */
    CHANNEL_UNAVAILABLE,
    INTERNAL;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ErrorCode> fromWireName(String wireName) {
        for (ErrorCode code : values()) {
            if (code.wireName().equals(wireName)) {
                return Optional.of(code);
            }
        }
        return Optional.empty();
    }
}
