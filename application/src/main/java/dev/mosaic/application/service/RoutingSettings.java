package dev.mosaic.application.service;

import dev.mosaic.domain.routing.RouteTarget;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How the gateway routes, as configured.
 *
 * @param defaultChain the models tried, in order, for a rule without fallbacks of its own and when no rule matches
 * @param offline route every message offline (to local models) whatever is reachable
 * @param simulatorOnly the built-in simulator answers every message for the model routing chose
 * @param midstreamFailover when a model fails after part of its answer reached the user, the next
 *     model of the chain goes on from there; otherwise the answer ends as partial
 * @param systemPrompt the system prompt, unless a rule overrides it
 * @param summarizerModel the model that writes context checkpoints when it belongs to the answering
 *     provider; null for the answering model itself
 * @param simulatorContextWindow the simulator's window, which applies whenever it stands in
 * @param gatewayPin the model every conversation without a {@code /model} pin of its own is pinned
 *     to (the gateway told to use one provider), or null for routing by rules
 */
public record RoutingSettings(List<RouteTarget> defaultChain, boolean offline, boolean simulatorOnly,
        boolean midstreamFailover, String systemPrompt, Duration flushInterval, String summarizerModel,
        int simulatorContextWindow, RouteTarget gatewayPin) {

    public RoutingSettings {
        defaultChain = List.copyOf(defaultChain);
        if (defaultChain.isEmpty()) {
            throw new IllegalArgumentException("routing needs at least one default model");
        }
        Objects.requireNonNull(flushInterval, "flushInterval");
        systemPrompt = systemPrompt == null ? "" : systemPrompt;
        summarizerModel = summarizerModel == null || summarizerModel.isBlank() ? null : summarizerModel;
    }
}
