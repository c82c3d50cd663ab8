package dev.mosaic.domain.conversation;

import dev.mosaic.domain.agent.AgentRef;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How an assistant message was produced: by which provider and model, at what cost in tokens, how
 * fast, and why it stopped.
 *
 * @param timeToFirstToken null until the first token arrived (or when none ever did)
 * @param duration null while the reply is still streaming
 * @param costUsd what the reply cost at the model's list prices, or null when they are unknown
 * @param agent the agent (and its version) whose prompt and tools the reply was written with; null for none
 */
public record Generation(
        String provider,
        String model,
        Usage usage,
        StopReason stopReason,
        Duration timeToFirstToken,
        Duration duration,
        MessageError error,
        BigDecimal costUsd,
        AgentRef agent) {

    public Generation {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(model, "model");
        usage = usage == null ? Usage.NONE : usage;
        if (costUsd != null && costUsd.signum() < 0) {
            throw new IllegalArgumentException("a cost cannot be negative");
        }
        // One representation per amount, so that 0.5 read back as 0.500000000 is the same cost.
        costUsd = costUsd == null ? null : costUsd.stripTrailingZeros();
    }

    /** A generation written with no agent. */
    public Generation(String provider, String model, Usage usage, StopReason stopReason, Duration timeToFirstToken,
            Duration duration, MessageError error, BigDecimal costUsd) {
        this(provider, model, usage, stopReason, timeToFirstToken, duration, error, costUsd, null);
    }

    /** A generation whose cost is not known (yet). */
    public Generation(String provider, String model, Usage usage, StopReason stopReason, Duration timeToFirstToken,
            Duration duration, MessageError error) {
        this(provider, model, usage, stopReason, timeToFirstToken, duration, error, null, null);
    }

    public Generation withCost(BigDecimal cost) {
        return new Generation(provider, model, usage, stopReason, timeToFirstToken, duration, error, cost, agent);
    }

    public Generation withAgent(AgentRef writer) {
        return new Generation(provider, model, usage, stopReason, timeToFirstToken, duration, error, costUsd, writer);
    }

    public static Generation started(String provider, String model) {
        return new Generation(provider, model, Usage.NONE, null, null, null, null);
    }

    public Optional<MessageError> errorIfAny() {
        return Optional.ofNullable(error);
    }
}
