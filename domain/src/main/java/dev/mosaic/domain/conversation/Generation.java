package dev.mosaic.domain.conversation;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How an assistant message was produced: by which provider and model, at what cost in tokens, how
 * fast, and why it stopped.
 *
 * @param timeToFirstToken null until the first token arrived (or when none ever did)
 * @param duration null while the reply is still streaming
 */
public record Generation(
        String provider,
        String model,
        Usage usage,
        StopReason stopReason,
        Duration timeToFirstToken,
        Duration duration,
        MessageError error) {

    public Generation {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(model, "model");
        usage = usage == null ? Usage.NONE : usage;
    }

    public static Generation started(String provider, String model) {
        return new Generation(provider, model, Usage.NONE, null, null, null, null);
    }

    public Optional<MessageError> errorIfAny() {
        return Optional.ofNullable(error);
    }
}
