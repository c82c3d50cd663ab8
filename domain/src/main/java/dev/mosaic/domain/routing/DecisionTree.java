package dev.mosaic.domain.routing;

import dev.mosaic.domain.routing.RoutingDecision.Failover;
import dev.mosaic.domain.routing.RoutingDecision.Hop;
import dev.mosaic.domain.routing.RoutingDecision.RuleRef;
import java.math.BigDecimal;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A {@link RoutingDecision} written as a JSON-shaped tree (maps, lists, strings, numbers, booleans),
 * the one form it has on the wire and in the store, and read back from it.
 */
public final class DecisionTree {
    private DecisionTree() {}

    public static Map<String, Object> write(RoutingDecision d) {
        Map<String, Object> out = new LinkedHashMap<>();
        Classification c = d.classification();
        Map<String, Object> cls = new LinkedHashMap<>();
        cls.put("taskType", c.taskType().label());
        cls.put("complexity", c.complexity().label());
        cls.put("domain", c.domain().label());
        cls.put("costTier", c.costTier().label());
        cls.put("requiredCapabilities", c.requiredCapabilities().stream().sorted().map(Label::label).toList());
        cls.put("confidence", c.confidence());
        cls.put("features", c.features());
        out.put("classification", cls);
        if (d.rule() == null) {
            out.put("rule", null);
        } else {
            Map<String, Object> rule = new LinkedHashMap<>();
            rule.put("id", d.rule().id().toString());
            rule.put("name", d.rule().name());
            rule.put("priority", d.rule().priority());
            rule.put("owner", d.rule().owner());
            out.put("rule", rule);
        }
        out.put("pinned", d.pinned());
        out.put("preferredBy", d.preferredBy());
        out.put("routed", RuleDraft.writeTarget(d.routed()));
        out.put("selected", d.selected() == null ? null : RuleDraft.writeTarget(d.selected()));
        out.put("chain", d.chain().stream().map(RuleDraft::writeTarget).toList());
        out.put("fallbacks", d.hops().stream().map(h -> {
            Map<String, Object> hop = RuleDraft.writeTarget(h.target());
            hop.put("cause", h.cause());
            return hop;
        }).toList());
        out.put("standIn", d.standIn());
        out.put("offline", d.offline());
        out.put("estimatedCostUsd", d.estimatedCostUsd() == null ? null : d.estimatedCostUsd().toPlainString());
        out.put("failovers", d.failovers().stream().map(f -> {
            Map<String, Object> failover = new LinkedHashMap<>();
            failover.put("from", RuleDraft.writeTarget(f.from()));
            failover.put("to", RuleDraft.writeTarget(f.to()));
            failover.put("cause", f.cause());
            failover.put("afterCharacters", f.afterCharacters());
            return failover;
        }).toList());
        out.put("reason", d.reason());
        return out;
    }

    /** @throws IllegalArgumentException when the tree is not one {@link #write} made */
    public static RoutingDecision read(Map<String, ?> tree) {
        Map<?, ?> cls = (Map<?, ?>) tree.get("classification");
        Set<RequiredCapability> needs = EnumSet.noneOf(RequiredCapability.class);
        for (Object need : (List<?>) cls.get("requiredCapabilities")) {
            needs.add(RequiredCapability.parse((String) need));
        }
        Classification c = new Classification(TaskType.parse((String) cls.get("taskType")),
                Complexity.parse((String) cls.get("complexity")), TaskDomain.parse((String) cls.get("domain")),
                CostTier.parse((String) cls.get("costTier")), needs, ((Number) cls.get("confidence")).doubleValue(),
                ((List<?>) cls.get("features")).stream().map(String.class::cast).toList());
        RuleRef rule = null;
        if (tree.get("rule") instanceof Map<?, ?> r) {
            rule = new RuleRef(new RuleId(UUID.fromString((String) r.get("id"))), (String) r.get("name"),
                    ((Number) r.get("priority")).intValue(), (String) r.get("owner"));
        }
        List<Hop> hops = ((List<?>) tree.get("fallbacks")).stream()
                .map(h -> new Hop(target(h), (String) ((Map<?, ?>) h).get("cause"))).toList();
        List<Failover> failovers = ((List<?>) tree.get("failovers")).stream().map(f -> {
            Map<?, ?> m = (Map<?, ?>) f;
            return new Failover(target(m.get("from")), target(m.get("to")), (String) m.get("cause"),
                    ((Number) m.get("afterCharacters")).intValue());
        }).toList();
        Object cost = tree.get("estimatedCostUsd");
        return new RoutingDecision(c, rule, Boolean.TRUE.equals(tree.get("pinned")), target(tree.get("routed")),
                ((List<?>) tree.get("chain")).stream().map(DecisionTree::target).toList(),
                tree.get("selected") == null ? null : target(tree.get("selected")), hops, (String) tree.get("standIn"),
                Boolean.TRUE.equals(tree.get("offline")), cost == null ? null : new BigDecimal(cost.toString()), failovers,
                (String) tree.get("preferredBy"));
    }

    private static RouteTarget target(Object node) {
        Map<?, ?> m = (Map<?, ?>) node;
        return new RouteTarget((String) m.get("provider"), (String) m.get("model"));
    }
}
