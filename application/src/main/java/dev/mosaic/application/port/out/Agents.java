package dev.mosaic.application.port.out;

import dev.mosaic.domain.agent.AgentConfig;
import dev.mosaic.domain.agent.AgentId;
import dev.mosaic.domain.user.UserId;
import java.util.List;
import java.util.Optional;

/**
 * Stored agents and all their versions, always seen through the acting user: the gateway's agents
 * and the actor's own, never another user's. A deleted agent is gone from every query but its
 * versions stay, since messages name the version that wrote them.
 */
public interface Agents {

    /** The latest version; empty when it does not exist, was deleted, or is another user's: the three look alike. */
    Optional<AgentConfig> find(UserId actor, AgentId id);

    /** The actor's own agent of that name, else the gateway's; empty when neither exists. */
    Optional<AgentConfig> findByName(UserId actor, String name);

    /** The gateway's agents, then the actor's own, each by name. */
    List<AgentConfig> list(UserId actor);

    /** Every version of the agent, oldest first; empty as {@link #find} is. */
    List<AgentConfig> versions(UserId actor, AgentId id);

    /**
     * Stores a new agent (version 1) or a new version of a stored one. A version must follow the
     * stored latest one; the gateway's agents are written only when the actor is an admin.
     *
     * @throws NameTakenException when the owner already has an agent of that name
     * @throws ConcurrentEditException when another version was stored since {@code agent}'s predecessor was read
     */
    void save(UserId actor, AgentConfig agent);

    /** @return false when the actor has no such agent to delete */
    boolean delete(UserId actor, AgentId id);

    final class NameTakenException extends RuntimeException {
        public NameTakenException(String name) {
            super("an agent named " + name + " already exists");
        }
    }

    final class ConcurrentEditException extends RuntimeException {
        public ConcurrentEditException(String name) {
            super("agent " + name + " was changed meanwhile; read it again and retry");
        }
    }
}
