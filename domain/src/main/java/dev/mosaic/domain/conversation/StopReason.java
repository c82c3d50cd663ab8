package dev.mosaic.domain.conversation;

/** Why a model stopped, in the gateway's words rather than any one provider's. */
public enum StopReason {
    END_TURN,
    MAX_TOKENS,
    STOP_SEQUENCE,
    TOOL_USE,
    CONTENT_FILTER,
    REFUSAL,
    ERROR,
    ABORTED;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
