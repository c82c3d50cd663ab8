package dev.mosaic.domain.routing;

import dev.mosaic.domain.Violation;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * What a rule does when it matches: route to a model, optionally as an agent, with another system
 * prompt, or with fewer tools.
 *
 * @param agentConfigId the agent whose prompt and tools apply, or null
 * @param systemPromptOverride replaces the system prompt for the answer, or null
 * @param toolAllowlist the only tools the answer may use; null for no restriction
 */
public record RouteAction(RouteTarget target, UUID agentConfigId, String systemPromptOverride, List<String> toolAllowlist) {
    public static final int MAX_PROMPT_LENGTH = 20_000;
    private static final Pattern TOOL = Pattern.compile("[a-z][a-z0-9_.-]{0,63}");

    public RouteAction {
        Objects.requireNonNull(target, "target");
        if (systemPromptOverride != null) {
            if (systemPromptOverride.isBlank()) {
                throw new Violation("systemPromptOverride", "is blank; leave it out to keep the usual prompt");
            }
            if (systemPromptOverride.length() > MAX_PROMPT_LENGTH) {
                throw new Violation("systemPromptOverride", "is longer than " + MAX_PROMPT_LENGTH + " characters");
            }
        }
        if (toolAllowlist != null) {
            toolAllowlist = List.copyOf(toolAllowlist);
            for (String tool : toolAllowlist) {
                if (tool == null || !TOOL.matcher(tool).matches()) {
                    throw new Violation("toolAllowlist", "'" + tool + "' is not a tool name (a-z, 0-9, '_', '.', '-')");
                }
            }
            if (toolAllowlist.stream().distinct().count() != toolAllowlist.size()) {
                throw new Violation("toolAllowlist", "names a tool twice");
            }
        }
    }

    public static RouteAction to(RouteTarget target) {
        return new RouteAction(target, null, null, null);
    }

    public Optional<UUID> agent() {
        return Optional.ofNullable(agentConfigId);
    }

    public Optional<String> systemPrompt() {
        return Optional.ofNullable(systemPromptOverride);
    }
}
