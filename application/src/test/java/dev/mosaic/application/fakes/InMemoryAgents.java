package dev.mosaic.application.fakes;

import dev.mosaic.application.port.out.Agents;
import dev.mosaic.domain.agent.AgentConfig;
import dev.mosaic.domain.agent.AgentId;
import dev.mosaic.domain.user.UserId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A fake {@link Agents}: the gateway's agents and each user's, visible as the real store makes them
 * visible (admin checks are the service's here; the database repeats them). Passes the same contract.
 */
public final class InMemoryAgents implements Agents {
    private final Map<AgentId, List<AgentConfig>> versions = new LinkedHashMap<>();
    private final Set<AgentId> deleted = new HashSet<>();

    @Override
    public synchronized Optional<AgentConfig> find(UserId actor, AgentId id) {
        List<AgentConfig> all = versions(actor, id);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.getLast());
    }

    @Override
    public synchronized Optional<AgentConfig> findByName(UserId actor, String name) {
        return live(actor).filter(a -> a.name().equals(name)).min(Comparator.comparing(a -> a.owner().isSystem()));
    }

    @Override
    public synchronized List<AgentConfig> list(UserId actor) {
        return live(actor).sorted(Comparator.comparing((AgentConfig a) -> !a.owner().isSystem())
                .thenComparing(AgentConfig::name)).toList();
    }

    @Override
    public synchronized List<AgentConfig> versions(UserId actor, AgentId id) {
        List<AgentConfig> all = versions.get(id);
        if (all == null || deleted.contains(id) || !all.getFirst().visibleTo(actor)) {
            return List.of();
        }
        return List.copyOf(all);
    }

    @Override
    public synchronized void save(UserId actor, AgentConfig agent) {
        if (!agent.owner().appliesTo(actor)) {
            throw new IllegalStateException("an actor can only write its own agents or the gateway's");
        }
        List<AgentConfig> stored = versions.get(agent.id());
        int latest = stored == null ? 0 : stored.getLast().version();
        if (agent.version() != latest + 1 || stored != null && (deleted.contains(agent.id())
                || !stored.getFirst().owner().equals(agent.owner()))) {
            throw new ConcurrentEditException(agent.name());
        }
        boolean taken = versions.values().stream().map(List::getLast)
                .anyMatch(a -> !deleted.contains(a.id()) && !a.id().equals(agent.id()) && a.owner().equals(agent.owner())
                        && a.name().equals(agent.name()));
        if (taken) {
            throw new NameTakenException(agent.name());
        }
        versions.computeIfAbsent(agent.id(), id -> new ArrayList<>()).add(agent);
    }

    @Override
    public synchronized boolean delete(UserId actor, AgentId id) {
        if (find(actor, id).isEmpty()) {
            return false;
        }
        deleted.add(id);
        return true;
    }

    private Stream<AgentConfig> live(UserId actor) {
        return versions.values().stream().map(List::getLast).filter(a -> !deleted.contains(a.id()) && a.visibleTo(actor));
    }
}
