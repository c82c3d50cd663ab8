package dev.mosaic.application.port.in;

import dev.mosaic.application.Rejection;
import dev.mosaic.domain.agent.AgentConfig;
import dev.mosaic.domain.agent.AgentId;
import dev.mosaic.domain.user.Owner;
import dev.mosaic.domain.user.UserId;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The agents: the gateway's, which everyone may use and only admins change, and each user's own,
 * which nobody else sees. Agents arrive as the tree {@link dev.mosaic.domain.agent.AgentTree} reads;
 * every change makes a new version. Another user's agent is answered like one that does not exist.
 */
public interface ManageAgentsUseCase {

    sealed interface Outcome<T> {
        record Done<T>(T value) implements Outcome<T> {}

        /** {@code invalid_input} (naming the field), {@code forbidden}, {@code not_found} or {@code edit_conflict}. */
        record Rejected<T>(Rejection rejection) implements Outcome<T> {}
    }

    /** An agent's latest version, and whether the actor may change it. */
    record AgentView(AgentConfig agent, boolean editable) {}

    /** The gateway's agents, then the actor's own, each by name. */
    List<AgentView> list(UserId actor);

    Outcome<AgentView> get(UserId actor, AgentId id);

    /** A new agent of {@code owner}: the actor's own, or the gateway's (admins only). */
    Outcome<AgentView> create(UserId actor, Owner owner, Map<String, ?> agent);

    /**
     * The agent's next version, made of the whole of {@code agent}.
     *
     * @param basedOn the version the change was made to, when the caller knows it: a later one stored
     *     meanwhile refuses the change
     */
    Outcome<AgentView> update(UserId actor, AgentId id, OptionalInt basedOn, Map<String, ?> agent);

    /** The agent goes from every list; the versions its messages name stay. */
    Outcome<Void> delete(UserId actor, AgentId id);

    /** Every version, oldest first. */
    Outcome<List<AgentConfig>> versions(UserId actor, AgentId id);
}
