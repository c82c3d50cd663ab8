package dev.mosaic.domain.agent;

import dev.mosaic.domain.Violation;
import dev.mosaic.domain.routing.RouteTarget;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a person writes to create or change an agent. The shape is checked here; whether its models
 * and tools exist is checked against a {@link Vocabulary} when it becomes an {@link AgentConfig}.
 *
 * @param defaultModel the model the agent answers with; null lets routing decide
 * @param tools the tools the agent may offer the model; no other tool is ever run for it
 * @param stepLimit how many times the model may ask for tools before the gateway stops it
 * @param toolTimeout how long one tool may run before its call fails
 */
public record AgentDraft(String name, String description, String systemPrompt, RouteTarget defaultModel,
        List<String> tools, List<Skill> skills, AgentCapabilities capabilities, int stepLimit, Duration toolTimeout) {

    static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]{0,63}");
    public static final Pattern TOOL_NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");
    public static final int DEFAULT_STEP_LIMIT = 20;
    public static final int MAX_STEP_LIMIT = 100;
    public static final Duration DEFAULT_TOOL_TIMEOUT = Duration.ofSeconds(30);
    static final Duration MAX_TOOL_TIMEOUT = Duration.ofMinutes(10);
    static final int MAX_PROMPT = 32_000;
    static final int MAX_DESCRIPTION = 500;
    static final int MAX_SKILLS = 20;

    public AgentDraft {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new Violation("name", "must be 1-64 lower-case letters, digits, '-' or '_', starting with a letter");
        }
        description = description == null ? "" : description.strip();
        if (description.length() > MAX_DESCRIPTION) {
            throw new Violation("description", "must be at most " + MAX_DESCRIPTION + " characters");
        }
        if (systemPrompt == null || systemPrompt.isBlank()) {
            throw new Violation("systemPrompt", "must not be empty: it is what makes the agent what it is");
        }
        if (systemPrompt.length() > MAX_PROMPT) {
            throw new Violation("systemPrompt", "must be at most " + MAX_PROMPT + " characters");
        }
        tools = tools == null ? List.of() : List.copyOf(tools);
        Set<String> seen = new HashSet<>();
        for (String tool : tools) {
            if (tool == null || !TOOL_NAME.matcher(tool).matches()) {
                throw new Violation("tools", "'" + tool + "' is not a tool name");
            }
            if (!seen.add(tool)) {
                throw new Violation("tools", "lists " + tool + " twice");
            }
        }
        skills = skills == null ? List.of() : List.copyOf(skills);
        if (skills.size() > MAX_SKILLS) {
            throw new Violation("skills", "at most " + MAX_SKILLS + " skills");
        }
        Set<String> skillNames = new HashSet<>();
        for (Skill skill : skills) {
            if (!skillNames.add(skill.name())) {
                throw new Violation("skills", "has two skills named " + skill.name());
            }
        }
        capabilities = capabilities == null ? AgentCapabilities.NONE : capabilities;
        if (stepLimit < 1 || stepLimit > MAX_STEP_LIMIT) {
            throw new Violation("stepLimit", "must be between 1 and " + MAX_STEP_LIMIT);
        }
        toolTimeout = toolTimeout == null ? DEFAULT_TOOL_TIMEOUT : toolTimeout;
        if (toolTimeout.compareTo(Duration.ofSeconds(1)) < 0 || toolTimeout.compareTo(MAX_TOOL_TIMEOUT) > 0) {
            throw new Violation("toolTimeout", "must be between 1 second and " + MAX_TOOL_TIMEOUT.toMinutes() + " minutes");
        }
    }

    /** A draft with the defaults for everything but what makes the agent. */
    public static AgentDraft of(String name, String description, String systemPrompt, RouteTarget defaultModel,
            List<String> tools) {
        return new AgentDraft(name, description, systemPrompt, defaultModel, tools, List.of(), AgentCapabilities.NONE,
                DEFAULT_STEP_LIMIT, DEFAULT_TOOL_TIMEOUT);
    }

    /** The models and tools that exist, against which a draft is checked. */
    public interface Vocabulary {
        boolean knowsModel(RouteTarget model);

        boolean knowsTool(String name);
    }

    void checkAgainst(Vocabulary known) {
        if (defaultModel != null && !known.knowsModel(defaultModel)) {
            throw new Violation("defaultModel", "no model " + defaultModel + " is known; /models lists them");
        }
        for (RouteTarget preferred : capabilities.preferredModels()) {
            if (!known.knowsModel(preferred)) {
                throw new Violation("capabilities.preferredModels", "no model " + preferred + " is known");
            }
        }
        for (String tool : tools) {
            if (!known.knowsTool(tool)) {
                throw new Violation("tools", "no tool " + tool + " exists");
            }
        }
    }
}
