package dev.mosaic.domain.routing;

import dev.mosaic.domain.Violation;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * When a routing rule applies. Conditions test a message's {@link Classification}, combine with
 * {@link All}, {@link Any} and {@link Not}, and two stand apart: {@link Fallback} matches anything
 * and {@link Offline} matches only while the gateway routes offline.
 *
 * <p>Rules are written and stored as a small JSON-shaped tree ({@link #toTree()}, {@link #fromTree}):
 * each node is an object with one key, e.g.
 * {@code {"all": [{"taskType": "coding"}, {"complexity": ["moderate", "complex"]}]}}.
 */
public sealed interface Condition {

    boolean matches(Classification classification, boolean offline);

    /** For people: {@code taskType=coding AND complexity=complex}. */
    String describe();

    /** The tree this condition is written as: maps, lists, strings and booleans. */
    Object toTree();

    /** Whether the condition tests offline mode, which makes its rule one that routes offline. */
    default boolean namesOffline() {
        return false;
    }

    /** The four single-valued fields of a classification. */
    enum Field {
        TASK_TYPE("taskType"), COMPLEXITY("complexity"), DOMAIN("domain"), COST_TIER("costTier");

        private final String key;

        Field(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }

        Label of(Classification c) {
            return switch (this) {
                case TASK_TYPE -> c.taskType();
                case COMPLEXITY -> c.complexity();
                case DOMAIN -> c.domain();
                case COST_TIER -> c.costTier();
            };
        }

        Label parse(String path, String text) {
            try {
                return switch (this) {
                    case TASK_TYPE -> TaskType.parse(text);
                    case COMPLEXITY -> Complexity.parse(text);
                    case DOMAIN -> TaskDomain.parse(text);
                    case COST_TIER -> CostTier.parse(text);
                };
            } catch (IllegalArgumentException e) {
                throw new Violation(path, e.getMessage().substring(e.getMessage().indexOf("must")));
            }
        }

        static Field byKey(String key) {
            for (Field f : values()) {
                if (f.key.equals(key)) {
                    return f;
                }
            }
            return null;
        }
    }

    /** The field's value is one of {@code values}. */
    record Among(Field field, Set<Label> values) implements Condition {
        public Among {
            Objects.requireNonNull(field, "field");
            values = Set.copyOf(values);
            if (values.isEmpty()) {
                throw new Violation(field.key(), "names no value");
            }
        }

        @Override
        public boolean matches(Classification classification, boolean offline) {
            return values.contains(field.of(classification));
        }

        @Override
        public String describe() {
            return values.size() == 1 ? field.key() + "=" + values.iterator().next().label()
                    : field.key() + " in (" + sortedLabels(values) + ")";
        }

        @Override
        public Object toTree() {
            return Map.of(field.key(), values.size() == 1 ? values.iterator().next().label()
                    : List.of(sortedLabels(values).split(", ")));
        }
    }

    /** The message needs every one of {@code capabilities} (and perhaps more). */
    record Requires(Set<RequiredCapability> capabilities) implements Condition {
        public Requires {
            capabilities = Set.copyOf(capabilities);
            if (capabilities.isEmpty()) {
                throw new Violation("requiredCapabilities", "names no capability");
            }
        }

        @Override
        public boolean matches(Classification classification, boolean offline) {
            return classification.requiredCapabilities().containsAll(capabilities);
        }

        @Override
        public String describe() {
            return "requiredCapabilities includes " + sortedLabels(capabilities).replace(", ", " and ");
        }

        @Override
        public Object toTree() {
            return Map.of("requiredCapabilities", List.of(sortedLabels(capabilities).split(", ")));
        }
    }

    record All(List<Condition> conditions) implements Condition {
        public All {
            conditions = List.copyOf(conditions);
            if (conditions.isEmpty()) {
                throw new Violation("all", "needs at least one condition");
            }
        }

        @Override
        public boolean matches(Classification classification, boolean offline) {
            for (Condition c : conditions) {
                if (!c.matches(classification, offline)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public String describe() {
            return conditions.stream().map(c -> c instanceof Any ? "(" + c.describe() + ")" : c.describe())
                    .collect(Collectors.joining(" AND "));
        }

        @Override
        public Object toTree() {
            return Map.of("all", conditions.stream().map(Condition::toTree).toList());
        }

        @Override
        public boolean namesOffline() {
            return conditions.stream().anyMatch(Condition::namesOffline);
        }
    }

    record Any(List<Condition> conditions) implements Condition {
        public Any {
            conditions = List.copyOf(conditions);
            if (conditions.isEmpty()) {
                throw new Violation("any", "needs at least one condition");
            }
        }

        @Override
        public boolean matches(Classification classification, boolean offline) {
            for (Condition c : conditions) {
                if (c.matches(classification, offline)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public String describe() {
            return conditions.stream().map(c -> c instanceof All ? "(" + c.describe() + ")" : c.describe())
                    .collect(Collectors.joining(" OR "));
        }

        @Override
        public Object toTree() {
            return Map.of("any", conditions.stream().map(Condition::toTree).toList());
        }

        @Override
        public boolean namesOffline() {
            return conditions.stream().anyMatch(Condition::namesOffline);
        }
    }

    record Not(Condition condition) implements Condition {
        public Not {
            Objects.requireNonNull(condition, "condition");
        }

        @Override
        public boolean matches(Classification classification, boolean offline) {
            return !condition.matches(classification, offline);
        }

        @Override
        public String describe() {
            return "NOT (" + condition.describe() + ")";
        }

        @Override
        public Object toTree() {
            return Map.of("not", condition.toTree());
        }
    }

    /** Matches every message: the rule of last resort. */
    record Fallback() implements Condition {
        @Override
        public boolean matches(Classification classification, boolean offline) {
            return true;
        }

        @Override
        public String describe() {
            return "fallback";
        }

        @Override
        public Object toTree() {
            return Map.of("fallback", true);
        }
    }

    /** Matches while the gateway routes offline (no cloud provider can be reached, or it is told to). */
    record Offline() implements Condition {
        @Override
        public boolean matches(Classification classification, boolean offline) {
            return offline;
        }

        @Override
        public String describe() {
            return "offline";
        }

        @Override
        public Object toTree() {
            return Map.of("offline", true);
        }

        @Override
        public boolean namesOffline() {
            return true;
        }
    }

    /**
     * Reads a rule's {@code conditions}: a non-empty list of nodes that must all hold (one node
     * stands alone).
     *
     * @throws Violation naming the node at fault, e.g. {@code conditions[1].complexity}
     */
    static Condition fromConditions(Object tree) {
        if (!(tree instanceof List<?> nodes)) {
            throw new Violation("conditions", "must be a list of conditions");
        }
        if (nodes.isEmpty()) {
            throw new Violation("conditions", "must name at least one condition (use {\"fallback\": true} to match anything)");
        }
        List<Condition> all = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            all.add(fromTree(nodes.get(i), "conditions[" + i + "]"));
        }
        return all.size() == 1 ? all.getFirst() : new All(all);
    }

    /** The {@code conditions} list this condition is written as. */
    static List<Object> toConditions(Condition condition) {
        return condition instanceof All(List<Condition> parts) ? parts.stream().map(Condition::toTree).toList()
                : List.of(condition.toTree());
    }

    static Condition fromTree(Object node, String path) {
        if (!(node instanceof Map<?, ?> map) || map.size() != 1) {
            throw new Violation(path, "must be an object with exactly one key, e.g. {\"taskType\": \"coding\"}");
        }
        Map.Entry<?, ?> entry = map.entrySet().iterator().next();
        String key = String.valueOf(entry.getKey());
        Object value = entry.getValue();
        String at = path + "." + key;
        Field field = Field.byKey(key);
        if (field != null) {
            Set<Label> values = new java.util.LinkedHashSet<>();
            for (String text : strings(value, at)) {
                values.add(field.parse(at, text));
            }
            return new Among(field, values);
        }
        return switch (key) {
            case "requiredCapabilities" -> {
                Set<RequiredCapability> needs = EnumSet.noneOf(RequiredCapability.class);
                for (String text : strings(value, at)) {
                    try {
                        needs.add(RequiredCapability.parse(text));
                    } catch (IllegalArgumentException e) {
                        throw new Violation(at, e.getMessage().substring(e.getMessage().indexOf("must")));
                    }
                }
                yield new Requires(needs);
            }
            case "all", "any" -> {
                if (!(value instanceof List<?> parts) || parts.isEmpty()) {
                    throw new Violation(at, "must be a non-empty list of conditions");
                }
                List<Condition> conditions = new ArrayList<>();
                for (int i = 0; i < parts.size(); i++) {
                    conditions.add(fromTree(parts.get(i), at + "[" + i + "]"));
                }
                yield key.equals("all") ? new All(conditions) : new Any(conditions);
            }
            case "not" -> new Not(fromTree(value, at));
            case "fallback" -> {
                requireTrue(value, at);
                yield new Fallback();
            }
            case "offline" -> {
                requireTrue(value, at);
                yield new Offline();
            }
            default -> throw new Violation(at, "unknown condition; use taskType, complexity, domain, costTier, "
                    + "requiredCapabilities, all, any, not, fallback or offline");
        };
    }

    private static List<String> strings(Object value, String at) {
        if (value instanceof String s) {
            return List.of(s);
        }
        if (value instanceof List<?> list && !list.isEmpty() && list.stream().allMatch(String.class::isInstance)) {
            return list.stream().map(String.class::cast).toList();
        }
        throw new Violation(at, "must be a value or a non-empty list of values");
    }

    private static void requireTrue(Object value, String at) {
        if (!Boolean.TRUE.equals(value)) {
            throw new Violation(at, "must be true");
        }
    }

    private static String sortedLabels(Set<? extends Label> labels) {
        Map<Integer, String> byOrdinal = new java.util.TreeMap<>();
        for (Label l : labels) {
            byOrdinal.put(((Enum<?>) l).ordinal(), l.label());
        }
        return String.join(", ", byOrdinal.values());
    }
}
