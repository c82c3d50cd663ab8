package dev.mosaic.application.port.out.provider;

import dev.mosaic.domain.conversation.ContentBlock;
import dev.mosaic.domain.conversation.StopReason;
import dev.mosaic.domain.conversation.Usage;
import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The whole reply once the stream ended, successfully or not.
 *
 * @param model the model that answered, as the provider named it (may differ from the one asked for)
 * @param error null when the reply completed; otherwise content holds what arrived before the failure
 * @param reportedCostUsd what the provider itself says the reply cost, in US dollars (OpenRouter
 *     does); null when it does not say, and the cost can only be computed from list prices
 */
public record ProviderReply(List<ContentBlock> content, StopReason stopReason, Usage usage, String model, ProviderError error,
        BigDecimal reportedCostUsd) {

    public ProviderReply {
        content = List.copyOf(content);
        Objects.requireNonNull(stopReason, "stopReason");
        usage = usage == null ? Usage.NONE : usage;
        if (reportedCostUsd != null && reportedCostUsd.signum() < 0) {
            throw new IllegalArgumentException("a cost cannot be negative");
        }
    }

    /** A reply whose provider does not report its cost. */
    public ProviderReply(List<ContentBlock> content, StopReason stopReason, Usage usage, String model, ProviderError error) {
        this(content, stopReason, usage, model, error, null);
    }

    public static ProviderReply failed(List<ContentBlock> partial, Usage usage, String model, ProviderError error) {
        StopReason reason = error.kind() == ProviderError.Kind.ABORTED ? StopReason.ABORTED : StopReason.ERROR;
        return new ProviderReply(partial, reason, usage, model, Objects.requireNonNull(error, "error"));
    }

    public ProviderReply withReportedCostUsd(BigDecimal cost) {
        return new ProviderReply(content, stopReason, usage, model, error, cost);
    }

    public Optional<ProviderError> errorIfAny() {
        return Optional.ofNullable(error);
    }
}
