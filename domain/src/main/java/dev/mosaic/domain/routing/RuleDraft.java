package dev.mosaic.domain.routing;

import dev.mosaic.domain.Violation;
import dev.mosaic.domain.user.Owner;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A rule as a person writes it, before it has an id and an owner. It reads and writes the JSON-shaped
 * tree that the API and the store use:
 *
 * <pre>{@code
 * {"name": "coding, complex", "priority": 10,
 *  "conditions": [{"taskType": "coding"}, {"complexity": "complex"}],
 *  "action": {"routeTo": {"provider": "anthropic", "model": "claude-opus-4-6"}},
 *  "fallbacks": [{"provider": "openai", "model": "gpt-5.4"}]}
 * }</pre>
 */
public record RuleDraft(String name, int priority, Condition condition, RouteAction action, List<RouteTarget> fallbacks) {
    private static final Set<String> KEYS = Set.of("name", "priority", "conditions", "action", "fallbacks");
    private static final Set<String> ROUTE_KEYS = Set.of("provider", "model", "agentConfigId", "systemPromptOverride",
            "toolAllowlist");

    public RuleDraft {
        fallbacks = List.copyOf(fallbacks);
    }

    public RoutingRule create(Owner owner) {
        return RoutingRule.create(owner, name, priority, condition, action, fallbacks);
    }

    public RoutingRule revise(RoutingRule rule) {
        return rule.revise(name, priority, condition, action, fallbacks);
    }

    /**
     * Reads a rule written as a tree of maps, lists, strings, numbers and booleans.
     *
     * @throws Violation naming the field at fault
     */
    public static RuleDraft read(Map<String, ?> tree) {
        for (String key : tree.keySet()) {
            if (!KEYS.contains(key)) {
                throw new Violation(key, "unknown field; a rule has name, priority, conditions, action and fallbacks");
            }
        }
        if (!(tree.get("name") instanceof String name)) {
            throw new Violation("name", "is required (a short text)");
        }
        if (!(tree.get("priority") instanceof Number priority) || priority.doubleValue() != Math.rint(priority.doubleValue())) {
            throw new Violation("priority", "is required (a whole number, 1 is tried first)");
        }
        if (!tree.containsKey("conditions")) {
            throw new Violation("conditions", "is required (use [{\"fallback\": true}] to match anything)");
        }
        Condition condition = Condition.fromConditions(tree.get("conditions"));
        RouteAction action = readAction(tree.get("action"));
        List<RouteTarget> fallbacks = new ArrayList<>();
        Object list = tree.get("fallbacks");
        if (list != null) {
            if (!(list instanceof List<?> items)) {
                throw new Violation("fallbacks", "must be a list of {\"provider\", \"model\"}");
            }
            for (int i = 0; i < items.size(); i++) {
                fallbacks.add(readTarget(items.get(i), "fallbacks[" + i + "]"));
            }
        }
        // Range checks are the rule's own; run them now so a draft is never half-valid.
        RuleDraft draft = new RuleDraft(name, (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE,
                priority.longValue())), condition, action, fallbacks);
        draft.create(Owner.SYSTEM);
        return draft;
    }

    /** The tree a rule is written as (without id and owner). */
    public static Map<String, Object> write(RoutingRule rule) {
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("name", rule.name());
        tree.put("priority", rule.priority());
        tree.put("conditions", Condition.toConditions(rule.condition()));
        tree.put("action", Map.of("routeTo", writeAction(rule.action())));
        tree.put("fallbacks", rule.fallbacks().stream().map(RuleDraft::writeTarget).toList());
        return tree;
    }

    public static Map<String, Object> writeTarget(RouteTarget target) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("provider", target.provider());
        out.put("model", target.model());
        return out;
    }

    private static Map<String, Object> writeAction(RouteAction action) {
        Map<String, Object> route = writeTarget(action.target());
        action.agent().ifPresent(id -> route.put("agentConfigId", id.toString()));
        action.systemPrompt().ifPresent(p -> route.put("systemPromptOverride", p));
        if (action.toolAllowlist() != null) {
            route.put("toolAllowlist", action.toolAllowlist());
        }
        return route;
    }

    private static RouteAction readAction(Object node) {
        if (!(node instanceof Map<?, ?> action) || action.size() != 1 || !(action.get("routeTo") instanceof Map<?, ?> route)) {
            throw new Violation("action", "must be {\"routeTo\": {\"provider\": ..., \"model\": ...}}");
        }
        String at = "action.routeTo";
        for (Object key : route.keySet()) {
            if (!ROUTE_KEYS.contains(String.valueOf(key))) {
                throw new Violation(at + "." + key, "unknown field; routeTo has provider, model, agentConfigId, "
                        + "systemPromptOverride and toolAllowlist");
            }
        }
        RouteTarget target = readTarget(Map.of("provider", orEmpty(route.get("provider")), "model",
                orEmpty(route.get("model"))), at);
        UUID agent = null;
        if (route.get("agentConfigId") != null) {
            try {
                agent = UUID.fromString(String.valueOf(route.get("agentConfigId")));
            } catch (IllegalArgumentException e) {
                throw new Violation(at + ".agentConfigId", "is not an agent id");
            }
        }
        Object prompt = route.get("systemPromptOverride");
        if (prompt != null && !(prompt instanceof String)) {
            throw new Violation(at + ".systemPromptOverride", "must be a text");
        }
        Object tools = route.get("toolAllowlist");
        if (tools != null && !(tools instanceof List<?> names && names.stream().allMatch(String.class::isInstance))) {
            throw new Violation(at + ".toolAllowlist", "must be a list of tool names");
        }
        try {
            return new RouteAction(target, agent, (String) prompt,
                    tools == null ? null : ((List<?>) tools).stream().map(String.class::cast).toList());
        } catch (Violation e) {
            throw new Violation(at + "." + e.field(), e.reason());
        }
    }

    private static RouteTarget readTarget(Object node, String at) {
        if (!(node instanceof Map<?, ?> map) || !(map.get("provider") instanceof String provider)
                || !(map.get("model") instanceof String model)) {
            throw new Violation(at, "must name a provider and a model");
        }
        try {
            return new RouteTarget(provider, model);
        } catch (Violation e) {
            throw new Violation(at + "." + e.field(), e.reason());
        }
    }

    private static Object orEmpty(Object value) {
        return value == null ? "" : value;
    }
}
