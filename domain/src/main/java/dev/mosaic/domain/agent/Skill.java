package dev.mosaic.domain.agent;

import dev.mosaic.domain.Violation;

/** A named block of instructions an agent adds to its system prompt. */
public record Skill(String name, String instructions) {
    public Skill {
        if (name == null || !AgentDraft.NAME.matcher(name).matches()) {
            throw new Violation("skills.name", "must be 1-64 lower-case letters, digits, '-' or '_', starting with a letter");
        }
        if (instructions == null || instructions.isBlank()) {
            throw new Violation("skills." + name, "must have instructions");
        }
        instructions = instructions.strip();
    }
}
