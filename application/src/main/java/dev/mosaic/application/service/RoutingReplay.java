package dev.mosaic.application.service;

import dev.mosaic.application.port.out.RoutingHistory;
import dev.mosaic.application.port.out.RoutingRules;
import dev.mosaic.domain.routing.Classification;
import dev.mosaic.domain.routing.RouteTarget;
import dev.mosaic.domain.routing.RoutingDecision;
import dev.mosaic.domain.routing.RoutingRule;
import dev.mosaic.domain.routing.RuleDraft;
import dev.mosaic.domain.user.Owner;
import dev.mosaic.domain.routing.RuleSet;
import dev.mosaic.domain.Violation;
import dev.mosaic.domain.user.UserId;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Replays stored traffic through a candidate set of system rules: each stored question is classified
 * again and routed by the candidate rules (users' own rules still first), and compared with the
 * model that actually answered. Nothing is called and nothing is written.
 */
public final class RoutingReplay {

    /** How many answers would move from one model to another; {@code from} equals {@code to} for those that stay. */
    public record Move(String from, String to, int count) {}

    /**
     * @param costBefore what the answers cost at list prices, as they were routed
     * @param costAfter what the same tokens would cost on the candidate's models
     * @param unpriced answers left out of both costs because a price is unknown
     */
    public record Report(int questions, int answered, List<Move> moves, BigDecimal costBefore, BigDecimal costAfter,
            int unpriced) {}

    private final Function<String, Classification> classifier;
    private final RoutingHistory history;
    private final RoutingRules rules;
    private final ModelCatalogService catalog;
    private final List<RouteTarget> defaults;

    public RoutingReplay(Function<String, Classification> classifier, RoutingHistory history, RoutingRules rules,
            ModelCatalogService catalog, List<RouteTarget> defaults) {
        this.classifier = Objects.requireNonNull(classifier);
        this.history = Objects.requireNonNull(history);
        this.rules = Objects.requireNonNull(rules);
        this.catalog = Objects.requireNonNull(catalog);
        this.defaults = List.copyOf(defaults);
    }

    /**
     * Reads the candidate rules: a list of rules in the API's shape.
     *
     * @throws Violation naming the rule and field at fault
     */
    public static List<RoutingRule> candidates(List<?> trees) {
        List<RoutingRule> candidates = new ArrayList<>();
        for (int i = 0; i < trees.size(); i++) {
            if (!(trees.get(i) instanceof Map<?, ?> tree)) {
                throw new Violation("rules[" + i + "]", "must be a rule object");
            }
            try {
                @SuppressWarnings("unchecked")
                Map<String, ?> rule = (Map<String, ?>) tree;
                candidates.add(RuleDraft.read(rule).create(Owner.SYSTEM));
            } catch (Violation e) {
                throw new Violation("rules[" + i + "]." + e.field(), e.reason());
            }
        }
        new RuleSet(List.of(), candidates); // unique priorities and names, or it says which
        return candidates;
    }

    /** @param users whose traffic to replay; empty for everyone who asked something since {@code since} */
    public Report replay(Optional<UserId> users, Instant since, List<RoutingRule> candidates) {
        List<UserId> askers = users.map(List::of).orElseGet(() -> history.askersSince(since));
        Map<String, Integer> moves = new TreeMap<>();
        int questions = 0;
        int answered = 0;
        int unpriced = 0;
        BigDecimal before = BigDecimal.ZERO;
        BigDecimal after = BigDecimal.ZERO;
        for (UserId user : askers) {
            RuleSet set = new RuleSet(rules.of(user, Owner.of(user)), candidates);
            for (RoutingHistory.Exchange exchange : history.exchangesSince(user, since)) {
                questions++;
                if (exchange.provider() == null) {
                    continue;
                }
                answered++;
                RouteTarget to = RoutingDecision.route(classifier.apply(exchange.question()), set, null, false, defaults,
                        t -> Optional.empty()).routed();
                String from = exchange.provider() + "/" + exchange.model();
                moves.merge(from + " → " + to, 1, Integer::sum);
                Optional<BigDecimal> was = catalog.costOf(exchange.provider(), exchange.model(), exchange.usage());
                Optional<BigDecimal> would = catalog.costOf(to.provider(), to.model(), exchange.usage());
                if (was.isPresent() && would.isPresent()) {
                    before = before.add(was.get());
                    after = after.add(would.get());
                } else {
                    unpriced++;
                }
            }
        }
        List<Move> list = moves.entrySet().stream().map(e -> {
            String[] ends = e.getKey().split(" → ");
            return new Move(ends[0], ends[1], e.getValue());
        }).sorted((a, b) -> Integer.compare(b.count(), a.count())).toList();
        return new Report(questions, answered, list, before, after, unpriced);
    }
}
