package dev.mosaic.adapters.out.postgres;

import dev.mosaic.adapters.out.postgres.AgentMapper.AgentRow;
import dev.mosaic.application.port.out.Agents;
import dev.mosaic.domain.Violation;
import dev.mosaic.domain.agent.AgentConfig;
import dev.mosaic.domain.agent.AgentId;
import dev.mosaic.domain.agent.AgentTree;
import dev.mosaic.domain.user.Owner;
import dev.mosaic.domain.user.UserId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.ibatis.session.SqlSessionFactory;

/**
 * Agents in PostgreSQL: a row per agent (its latest version and name, or that it was deleted) and a
 * row per version. Row-level security shows every user the gateway's agents and their own, and lets
 * only admins write the gateway's: a write it refuses is an {@link IllegalStateException}.
 */
final class MyBatisAgents implements Agents {
    private static final Logger LOG = Logger.getLogger(MyBatisAgents.class.getName());

    private final SqlSessionFactory sessions;

    MyBatisAgents(SqlSessionFactory sessions) {
        this.sessions = sessions;
    }

    @Override
    public Optional<AgentConfig> find(UserId actor, AgentId id) {
        return Optional.ofNullable(scoped(actor, m -> m.find(actor.value(), id.value()))).flatMap(MyBatisAgents::readable);
    }

    @Override
    public Optional<AgentConfig> findByName(UserId actor, String name) {
        return Optional.ofNullable(scoped(actor, m -> m.findByName(actor.value(), name))).flatMap(MyBatisAgents::readable);
    }

    @Override
    public List<AgentConfig> list(UserId actor) {
        return scoped(actor, m -> m.list(actor.value())).stream().flatMap(r -> readable(r).stream()).toList();
    }

    @Override
    public List<AgentConfig> versions(UserId actor, AgentId id) {
        return scoped(actor, m -> m.versions(actor.value(), id.value())).stream().flatMap(r -> readable(r).stream()).toList();
    }

    @Override
    public void save(UserId actor, AgentConfig agent) {
        // Row-level security would refuse it too; this says why in the domain's words.
        if (!agent.owner().appliesTo(actor)) {
            throw new IllegalStateException("an actor can only write its own agents or the gateway's");
        }
        Map<String, Object> tree = AgentTree.write(agent.definition());
        // The name has a column of its own.
        tree.remove("name");
        String definition = TreeJson.write(tree);
        UUID id = agent.id().value();
        UUID owner = agent.owner().userId().map(UserId::value).orElse(null);
        try {
            UserScope.inTransaction(sessions, actor, session -> {
                AgentMapper mapper = session.getMapper(AgentMapper.class);
                if (agent.version() == 1) {
                    mapper.insertAgent(id, owner, agent.name());
                } else if (mapper.advance(id, owner, agent.version(), agent.name()) == 0) {
                    throw notAdvanced(mapper, actor, agent);
                }
                return mapper.insertVersion(id, agent.version(), agent.name(), definition, agent.updatedAt());
            });
        } catch (RuntimeException e) {
            throw translated(e, agent);
        }
    }

    /**
     * No row moved on: another version came first (or the agent went), unless the stored one is
     * the predecessor, when row-level security kept the actor from writing it.
     */
    private static RuntimeException notAdvanced(AgentMapper mapper, UserId actor, AgentConfig agent) {
        Integer latest = mapper.latestVersion(actor.value(), agent.id().value());
        return latest != null && latest == agent.version() - 1
                ? new IllegalStateException("only an admin can write the gateway's agents")
                : new ConcurrentEditException(agent.name());
    }

    @Override
    public boolean delete(UserId actor, AgentId id) {
        return scoped(actor, m -> m.delete(actor.value(), id.value())) > 0;
    }

    private <T> T scoped(UserId actor, Function<AgentMapper, T> work) {
        return UserScope.inTransaction(sessions, actor, session -> work.apply(session.getMapper(AgentMapper.class)));
    }

    /** A name taken among the owner's live agents, an id stored twice, or a write only an admin may make. */
    private static RuntimeException translated(RuntimeException e, AgentConfig agent) {
        if (SqlErrors.UNIQUE_VIOLATION.equals(SqlErrors.sqlState(e))) {
            return SqlErrors.violatedConstraint(e).equals("agents_name_unique")
                    ? new NameTakenException(agent.name())
                    : new ConcurrentEditException(agent.name());
        }
        if (SqlErrors.INSUFFICIENT_PRIVILEGE.equals(SqlErrors.sqlState(e))) {
            return new IllegalStateException("only an admin can write the gateway's agents", e);
        }
        return e;
    }

    /** A stored version the current code cannot read is skipped and reported rather than breaking every list. */
    private static Optional<AgentConfig> readable(AgentRow row) {
        Map<String, Object> tree = TreeJson.readObject(row.definition());
        tree.put("name", row.name());
        try {
            Owner owner = row.ownerId() == null ? Owner.SYSTEM : Owner.of(new UserId(row.ownerId()));
            return Optional.of(AgentConfig.restore(new AgentId(row.id()), owner, row.version(), AgentTree.read(tree),
                    row.createdAt()));
        } catch (Violation e) {
            LOG.log(Level.WARNING, "agent " + row.id() + " v" + row.version() + " (\"" + row.name()
                    + "\") cannot be read and is skipped: " + e.getMessage());
            return Optional.empty();
        }
    }
}
