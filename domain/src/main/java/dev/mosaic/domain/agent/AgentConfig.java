package dev.mosaic.domain.agent;

import dev.mosaic.domain.routing.RouteTarget;
import dev.mosaic.domain.routing.TaskDomain;
import dev.mosaic.domain.user.Owner;
import dev.mosaic.domain.user.UserId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An agent: a system prompt with skills, a default model or none (routing decides), the tools it
 * may use, and what it is for. Owned by the gateway (seen by everyone, edited by admins) or by one
 * user (seen and edited by that user only). Every change makes a new version; the messages an
 * agent wrote name the version that wrote them.
 */
public final class AgentConfig {
    /** The gateway's agent that answers every conversation that chose none. */
    public static final String DEFAULT = "default";

    private final AgentId id;
    private final Owner owner;
    private final int version;
    private final AgentDraft definition;
    private final Instant updatedAt;

    private AgentConfig(AgentId id, Owner owner, int version, AgentDraft definition, Instant updatedAt) {
        this.id = Objects.requireNonNull(id, "id");
        this.owner = Objects.requireNonNull(owner, "owner");
        this.definition = Objects.requireNonNull(definition, "definition");
        this.updatedAt = Objects.requireNonNull(updatedAt, "updatedAt");
        if (version < 1) {
            throw new IllegalArgumentException("agent versions start at 1");
        }
        this.version = version;
    }

    /** A new agent, version 1, once its models and tools are known to exist. */
    public static AgentConfig create(AgentId id, Owner owner, AgentDraft draft, AgentDraft.Vocabulary known, Instant now) {
        draft.checkAgainst(known);
        return new AgentConfig(id, owner, 1, draft, now);
    }

    /** An agent as stored; its models and tools may since have gone, which {@link #allows} and routing then handle. */
    public static AgentConfig restore(AgentId id, Owner owner, int version, AgentDraft definition, Instant updatedAt) {
        return new AgentConfig(id, owner, version, definition, updatedAt);
    }

    /** The next version, with the changes of {@code draft}; id and owner never change. */
    public AgentConfig revise(AgentDraft draft, AgentDraft.Vocabulary known, Instant now) {
        draft.checkAgainst(known);
        return new AgentConfig(id, owner, version + 1, draft, now);
    }

    /** Whether this is the gateway's default agent, which may change but neither go nor be renamed. */
    public boolean isTheDefault() {
        return owner.isSystem() && definition.name().equals(DEFAULT);
    }

    /** Whether {@code actor} may use and read this agent. */
    public boolean visibleTo(UserId actor) {
        return owner.appliesTo(actor);
    }

    /** Whether {@code actor} may change or delete this agent: its owner, or an admin for the gateway's own. */
    public boolean editableBy(UserId actor, boolean admin) {
        return owner.isSystem() ? admin : owner.appliesTo(actor);
    }

    /** Whether the model may run {@code tool} for this agent; a call to any other tool is refused, never run. */
    public boolean allows(String tool) {
        return definition.tools().contains(tool);
    }

    /** The system prompt the model gets: the agent's prompt, then each skill under its name. */
    public String instructions() {
        if (definition.skills().isEmpty()) {
            return definition.systemPrompt().strip();
        }
        StringBuilder out = new StringBuilder(definition.systemPrompt().strip());
        for (Skill skill : definition.skills()) {
            out.append("\n\n## Skill: ").append(skill.name()).append('\n').append(skill.instructions());
        }
        return out.toString();
    }

    /** The model the agent answers with; empty when routing decides. */
    public Optional<RouteTarget> defaultModel() {
        return Optional.ofNullable(definition.defaultModel());
    }

    /** The models to try before the routing rules' choice, for a message of {@code domain}. */
    public List<RouteTarget> preferredModelsFor(TaskDomain domain) {
        AgentCapabilities capabilities = definition.capabilities();
        return capabilities.covers(domain) ? capabilities.preferredModels() : List.of();
    }

    public AgentRef ref() {
        return new AgentRef(id, definition.name(), version);
    }

    public AgentId id() {
        return id;
    }

    public Owner owner() {
        return owner;
    }

    public int version() {
        return version;
    }

    public String name() {
        return definition.name();
    }

    public AgentDraft definition() {
        return definition;
    }

    public List<String> tools() {
        return definition.tools();
    }

    public int stepLimit() {
        return definition.stepLimit();
    }

    public Duration toolTimeout() {
        return definition.toolTimeout();
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AgentConfig other && id.equals(other.id) && version == other.version;
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, version);
    }

    @Override
    public String toString() {
        return definition.name() + " v" + version + " (" + owner.label() + ")";
    }
}
