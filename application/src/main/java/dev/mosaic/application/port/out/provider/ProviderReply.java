package dev.mosaic.application.port.out.provider;

import dev.mosaic.domain.conversation.ContentBlock;
import dev.mosaic.domain.conversation.StopReason;
import dev.mosaic.domain.conversation.Usage;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The whole reply once the stream ended, successfully or not.
 *
 * @param model the model that answered, as the provider named it (may differ from the one asked for)
 * @param error null when the reply completed; otherwise content holds what arrived before the failure
 */
public record ProviderReply(List<ContentBlock> content, StopReason stopReason, Usage usage, String model, ProviderError error) {

    public ProviderReply {
        content = List.copyOf(content);
        Objects.requireNonNull(stopReason, "stopReason");
        usage = usage == null ? Usage.NONE : usage;
    }

    public static ProviderReply failed(List<ContentBlock> partial, Usage usage, String model, ProviderError error) {
        StopReason reason = error.kind() == ProviderError.Kind.ABORTED ? StopReason.ABORTED : StopReason.ERROR;
        return new ProviderReply(partial, reason, usage, model, Objects.requireNonNull(error, "error"));
    }

    public Optional<ProviderError> errorIfAny() {
        return Optional.ofNullable(error);
    }
}
