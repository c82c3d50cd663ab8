package dev.mosaic.domain.routing;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Why a model answered a message: what the message was taken for, which rule (or the
 * conversation's {@code /model} pin) chose which model, every model that could not answer and why,
 * and the model that did.
 *
 * @param rule the rule that matched; null when the conversation's pin chose, or no rule matched
 * @param pinned true when a pin chose the model: the conversation's {@code /model}, or the gateway's {@code chat.provider}
 * @param routed the model the rule (or pin) named
 * @param chain every model that may answer, in order: {@code routed} first, then the fallbacks
 * @param selected the model that answers; null when none of the chain can
 * @param hops the models passed over, in order, each with the reason
 * @param standIn who answers in the selected model's place when no provider is reachable (the
 *     built-in simulator, which is then sent the selected model's name); null when the model itself answers
 * @param offline true when the gateway routed offline
 * @param estimatedCostUsd what the answer is expected to cost at list prices; null when unknown
 * @param failovers models that stopped mid-answer and the model that went on, in order
 * @param preferredBy the agent whose models were put first in the chain, before the rule's; null for none
 */
public record RoutingDecision(Classification classification, RuleRef rule, boolean pinned, RouteTarget routed,
        List<RouteTarget> chain, RouteTarget selected, List<Hop> hops, String standIn, boolean offline,
        BigDecimal estimatedCostUsd, List<Failover> failovers, String preferredBy) {

    /**
     * The models an agent answers with (its default model, else the ones it prefers for the
     * message's domain), tried before the rule's chain.
     */
    public record Preference(String agent, List<RouteTarget> models) {
        public Preference {
            Objects.requireNonNull(agent, "agent");
            models = List.copyOf(models);
        }
    }

    /** The rule as a decision remembers it: the rule may change or go later, the decision stays. */
    public record RuleRef(RuleId id, String name, int priority, String owner) {
        public static RuleRef of(RoutingRule rule) {
            return new RuleRef(rule.id(), rule.name(), rule.priority(), rule.owner().label());
        }
    }

    /** A model passed over, and why (e.g. {@code no credential}, {@code circuit open}). */
    public record Hop(RouteTarget target, String cause) {
        public Hop {
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(cause, "cause");
        }
    }

    /**
     * A model that failed after part of its answer had reached the user, and the one that went on
     * from there.
     *
     * @param afterCharacters how much of the answer's text {@code from} had written
     */
    public record Failover(RouteTarget from, RouteTarget to, String cause, int afterCharacters) {}

    /** Tells whether a model can answer now; empty when it can, else why not. */
    @FunctionalInterface
    public interface Availability {
        Optional<String> whyNot(RouteTarget target);
    }

    public RoutingDecision {
        Objects.requireNonNull(classification, "classification");
        Objects.requireNonNull(routed, "routed");
        chain = List.copyOf(chain);
        hops = List.copyOf(hops);
        failovers = List.copyOf(failovers);
        if (chain.isEmpty() || !chain.getFirst().equals(routed)) {
            throw new IllegalArgumentException("the chain starts with the routed model");
        }
        if (selected != null && !chain.contains(selected)) {
            throw new IllegalArgumentException("the selected model must be one of the chain");
        }
        if (standIn != null && selected == null) {
            throw new IllegalArgumentException("a stand-in answers for a selected model");
        }
    }

    /**
     * Routes a message: the conversation's pin if there is one, else the first rule that matches,
     * else the first of {@code defaults}; then the first model of that chain that can answer.
     *
     * @param pinned the model pinned for this message ({@code /model}, or the gateway's), or null
     * @param defaults the gateway's default chain, for rules without fallbacks and when no rule matches
     */
    public static RoutingDecision route(Classification classification, RuleSet rules, RouteTarget pinned, boolean offline,
            List<RouteTarget> defaults, Availability availability) {
        return route(classification, rules, pinned, null, offline, defaults, availability);
    }

    /**
     * Routes as {@link #route(Classification, RuleSet, RouteTarget, boolean, List, Availability)},
     * with an agent's models put before the rule's chain when no pin chose.
     *
     * @param preference the agent's models, or null
     */
    public static RoutingDecision route(Classification classification, RuleSet rules, RouteTarget pinned,
            Preference preference, boolean offline, List<RouteTarget> defaults, Availability availability) {
        RuleRef rule = null;
        String preferredBy = null;
        List<RouteTarget> chain;
        if (pinned != null) {
            chain = withDefaults(List.of(pinned), defaults);
        } else {
            Optional<RoutingRule> matched = rules.match(classification, offline);
            rule = matched.map(RuleRef::of).orElse(null);
            chain = matched.map(r -> r.chain(defaults)).orElse(defaults);
            if (preference != null && !preference.models().isEmpty()) {
                chain = withDefaults(preference.models(), chain);
                preferredBy = preference.agent();
            }
        }
        if (chain.isEmpty()) {
            throw new IllegalStateException("no rule matched and the gateway has no default models");
        }
        RoutingDecision planned = new RoutingDecision(classification, rule, pinned != null, chain.getFirst(), chain, null,
                List.of(), null, offline, null, List.of(), preferredBy);
        return planned.firstAnswerable(0, availability);
    }

    /**
     * The selected model could not answer before anything reached the user: the next model of the
     * chain that can answer is selected, and the failed one recorded as a hop.
     */
    public RoutingDecision passOver(String cause, Availability availability) {
        if (selected == null) {
            throw new IllegalStateException("no model was selected");
        }
        List<Hop> more = new ArrayList<>(hops);
        more.add(new Hop(selected, cause));
        RoutingDecision next = new RoutingDecision(classification, rule, pinned, routed, chain, null, more, null, offline,
                null, failovers, preferredBy);
        return next.firstAnswerable(chain.indexOf(selected) + 1, availability);
    }

    /** The selected model stopped mid-answer; {@code to} (the next of the chain) goes on from there. */
    public RoutingDecision failedOver(RouteTarget to, String cause, int afterCharacters) {
        if (selected == null || !chain.contains(to)) {
            throw new IllegalArgumentException(to + " is not one of the chain");
        }
        List<Failover> more = new ArrayList<>(failovers);
        more.add(new Failover(selected, to, cause, afterCharacters));
        return new RoutingDecision(classification, rule, pinned, routed, chain, to, hops, standIn, offline, estimatedCostUsd,
                more, preferredBy);
    }

    /** The next model of the chain after the selected one that can answer now, if any. */
    public Optional<RouteTarget> nextAnswerable(Availability availability) {
        if (selected == null) {
            return Optional.empty();
        }
        for (RouteTarget t : chain.subList(chain.indexOf(selected) + 1, chain.size())) {
            if (availability.whyNot(t).isEmpty()) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /**
     * No provider is reachable: {@code who} answers in the routed model's place. The models passed
     * over are forgotten: none could be reached, which the stand-in already says.
     */
    public RoutingDecision answeredBy(String who) {
        return new RoutingDecision(classification, rule, pinned, routed, chain, routed, List.of(), who, offline,
                estimatedCostUsd, failovers, preferredBy);
    }

    public RoutingDecision withEstimatedCost(BigDecimal usd) {
        return new RoutingDecision(classification, rule, pinned, routed, chain, selected, hops, standIn, offline, usd,
                failovers, preferredBy);
    }

    public Optional<RouteTarget> selectedTarget() {
        return Optional.ofNullable(selected);
    }

    public Optional<RuleRef> matchedRule() {
        return Optional.ofNullable(rule);
    }

    /** One short line for people: what the message was taken for, what chose, and what answered. */
    public String reason() {
        StringBuilder out = new StringBuilder();
        out.append(classification.taskType().label()).append('/').append(classification.complexity().label())
                .append(String.format(Locale.ROOT, " (%.2f)", classification.confidence()));
        if (pinned) {
            out.append("; pinned to ").append(routed);
        } else if (preferredBy != null) {
            out.append("; agent ").append(preferredBy).append(" prefers ").append(routed);
            if (rule != null) {
                out.append(", then rule \"").append(rule.name()).append('"');
            }
        } else if (rule != null) {
            out.append("; rule \"").append(rule.name()).append("\" → ").append(routed);
        } else {
            out.append("; no rule matched → ").append(routed);
        }
        if (offline) {
            out.append(" (offline)");
        }
        for (Hop hop : hops) {
            out.append("; ").append(hop.target()).append(": ").append(hop.cause());
        }
        if (selected == null) {
            out.append("; no model can answer");
        } else if (!selected.equals(routed)) {
            out.append("; answered by ").append(selected);
        }
        for (Failover f : failovers) {
            out.append("; ").append(f.from()).append(" failed mid-answer (").append(f.cause()).append("), ")
                    .append(f.to()).append(" went on");
        }
        if (standIn != null) {
            out.append("; no provider is reachable: the ").append(standIn).append(" answers for it");
        }
        return out.toString();
    }

    private RoutingDecision firstAnswerable(int from, Availability availability) {
        List<Hop> passed = new ArrayList<>(hops);
        for (RouteTarget t : chain.subList(from, chain.size())) {
            Optional<String> why = availability.whyNot(t);
            if (why.isEmpty()) {
                return new RoutingDecision(classification, rule, pinned, routed, chain, t, passed, null, offline,
                        estimatedCostUsd, failovers, preferredBy);
            }
            passed.add(new Hop(t, why.get()));
        }
        return new RoutingDecision(classification, rule, pinned, routed, chain, null, passed, null, offline, estimatedCostUsd,
                failovers, preferredBy);
    }

    private static List<RouteTarget> withDefaults(List<RouteTarget> first, List<RouteTarget> defaults) {
        List<RouteTarget> chain = new ArrayList<>(first);
        defaults.stream().filter(t -> !chain.contains(t)).forEach(chain::add);
        return List.copyOf(chain);
    }
}
