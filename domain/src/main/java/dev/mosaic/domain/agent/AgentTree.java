package dev.mosaic.domain.agent;

import dev.mosaic.domain.Violation;
import dev.mosaic.domain.routing.RouteTarget;
import dev.mosaic.domain.routing.TaskDomain;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An {@link AgentDraft} as the JSON-shaped tree that the API and the store use:
 *
 * <pre>{@code
 * {"name": "coding-agent", "description": "…", "systemPrompt": "…", "defaultModel": "anthropic/claude-opus-4-6",
 *  "tools": ["read_file"], "skills": [{"name": "review", "instructions": "…"}],
 *  "capabilities": {"domains": ["backend"], "preferredModels": ["openai/gpt-5.4"]},
 *  "stepLimit": 20, "toolTimeoutSeconds": 30}
 * }</pre>
 *
 * Only {@code name} and {@code systemPrompt} are required; {@code defaultModel} null lets routing decide.
 */
public final class AgentTree {
    private static final Set<String> KEYS = Set.of("name", "description", "systemPrompt", "defaultModel", "tools",
            "skills", "capabilities", "stepLimit", "toolTimeoutSeconds");
    private static final Set<String> SKILL_KEYS = Set.of("name", "instructions");
    private static final Set<String> CAPABILITY_KEYS = Set.of("domains", "preferredModels");

    private AgentTree() {}

    /**
     * Reads an agent written as a tree of maps, lists, strings and numbers.
     *
     * @throws Violation naming the field at fault
     */
    public static AgentDraft read(Map<String, ?> tree) {
        for (String key : tree.keySet()) {
            if (!KEYS.contains(key)) {
                throw new Violation(key, "unknown field; an agent has " + String.join(", ", sorted(KEYS)));
            }
        }
        Object name = tree.get("name");
        if (!(name instanceof String)) {
            throw new Violation("name", "is required (a short name such as coding-agent)");
        }
        String systemPrompt = text(tree.get("systemPrompt"), "systemPrompt");
        try {
            return new AgentDraft((String) name, text(tree.get("description"), "description"), systemPrompt,
                    model(tree.get("defaultModel"), "defaultModel"), tools(tree.get("tools")), skills(tree.get("skills")),
                    capabilities(tree.get("capabilities")),
                    whole(tree.get("stepLimit"), "stepLimit", AgentDraft.DEFAULT_STEP_LIMIT),
                    Duration.ofSeconds(whole(tree.get("toolTimeoutSeconds"), "toolTimeoutSeconds",
                            (int) AgentDraft.DEFAULT_TOOL_TIMEOUT.toSeconds())));
        } catch (Violation e) {
            // The draft holds a duration; the tree gives it in seconds.
            throw e.field().equals("toolTimeout") ? new Violation("toolTimeoutSeconds", e.reason()) : e;
        }
    }

    /** The tree {@link #read} reads back into an equal draft. */
    public static Map<String, Object> write(AgentDraft draft) {
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("name", draft.name());
        tree.put("description", draft.description());
        tree.put("systemPrompt", draft.systemPrompt());
        tree.put("defaultModel", draft.defaultModel() == null ? null : draft.defaultModel().toString());
        tree.put("tools", draft.tools());
        tree.put("skills", draft.skills().stream().map(s -> {
            Map<String, Object> skill = new LinkedHashMap<>();
            skill.put("name", s.name());
            skill.put("instructions", s.instructions());
            return skill;
        }).toList());
        Map<String, Object> capabilities = new LinkedHashMap<>();
        capabilities.put("domains", draft.capabilities().domains().stream().sorted().map(TaskDomain::label).toList());
        capabilities.put("preferredModels", draft.capabilities().preferredModels().stream().map(RouteTarget::toString).toList());
        tree.put("capabilities", capabilities);
        tree.put("stepLimit", draft.stepLimit());
        tree.put("toolTimeoutSeconds", draft.toolTimeout().toSeconds());
        return tree;
    }

    private static String text(Object node, String field) {
        if (node != null && !(node instanceof String)) {
            throw new Violation(field, "must be a text");
        }
        return (String) node;
    }

    private static RouteTarget model(Object node, String field) {
        if (node == null) {
            return null;
        }
        if (!(node instanceof String text)) {
            throw new Violation(field, "must be written provider/model, e.g. anthropic/claude-opus-4-6");
        }
        try {
            return RouteTarget.parse(text);
        } catch (Violation e) {
            throw new Violation(field, e.reason());
        }
    }

    private static List<String> tools(Object node) {
        List<?> items = list(node, "tools", "a list of tool names");
        List<String> tools = new ArrayList<>();
        for (Object item : items) {
            if (!(item instanceof String tool)) {
                throw new Violation("tools", "must be a list of tool names");
            }
            tools.add(tool);
        }
        return tools;
    }

    private static List<Skill> skills(Object node) {
        List<?> items = list(node, "skills", "a list of {\"name\", \"instructions\"}");
        List<Skill> skills = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String at = "skills[" + i + "]";
            if (!(items.get(i) instanceof Map<?, ?> skill) || !SKILL_KEYS.containsAll(skill.keySet())) {
                throw new Violation(at, "must be {\"name\", \"instructions\"}");
            }
            skills.add(new Skill(text(skill.get("name"), at + ".name"), text(skill.get("instructions"), at + ".instructions")));
        }
        return skills;
    }

    private static AgentCapabilities capabilities(Object node) {
        if (node == null) {
            return AgentCapabilities.NONE;
        }
        if (!(node instanceof Map<?, ?> capabilities) || !CAPABILITY_KEYS.containsAll(capabilities.keySet())) {
            throw new Violation("capabilities", "must be {\"domains\": [...], \"preferredModels\": [\"provider/model\", ...]}");
        }
        Set<TaskDomain> domains = new LinkedHashSet<>();
        for (Object domain : list(capabilities.get("domains"), "capabilities.domains", "a list of domains")) {
            try {
                domains.add(TaskDomain.parse(domain instanceof String s ? s : String.valueOf(domain)));
            } catch (IllegalArgumentException e) {
                throw new Violation("capabilities.domains", e.getMessage().substring("domain ".length()));
            }
        }
        List<?> models = list(capabilities.get("preferredModels"), "capabilities.preferredModels",
                "a list of provider/model");
        List<RouteTarget> preferred = new ArrayList<>();
        for (int i = 0; i < models.size(); i++) {
            preferred.add(model(models.get(i), "capabilities.preferredModels[" + i + "]"));
        }
        return new AgentCapabilities(domains, preferred);
    }

    private static List<?> list(Object node, String field, String expected) {
        if (node == null) {
            return List.of();
        }
        if (!(node instanceof List<?> items)) {
            throw new Violation(field, "must be " + expected);
        }
        return items;
    }

    private static int whole(Object node, String field, int fallback) {
        if (node == null) {
            return fallback;
        }
        if (!(node instanceof Integer value)) {
            throw new Violation(field, "must be a whole number");
        }
        return value;
    }

    private static List<String> sorted(Set<String> keys) {
        return keys.stream().sorted().toList();
    }
}
