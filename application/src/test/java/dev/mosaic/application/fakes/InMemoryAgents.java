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

/** Agents in memory, seen through the actor as the real store shows them. */
public final class InMemoryAgents implements Agents {
    private final Map<AgentId, List<AgentConfig>> versions = new LinkedHashMap<>();
    private final Set<AgentId> deleted = new HashSet<>();

    @Override
    public synchronized Optional<AgentConfig> find(UserId actor, AgentId id) {
        List<AgentConfig> all = versions.get(id);
        return all == null || deleted.contains(id) || !all.getLast().visibleTo(actor) ? Optional.empty()
                : Optional.of(all.getLast());
    }

    @Override
    public synchronized Optional<AgentConfig> findByName(UserId actor, String name) {
        List<AgentConfig> named = list(actor).stream().filter(a -> a.name().equals(name)).toList();
        return named.stream().filter(a -> !a.owner().isSystem()).findFirst().or(() -> named.stream().findFirst());
    }

    @Override
    public synchronized List<AgentConfig> list(UserId actor) {
        List<AgentConfig> visible = new ArrayList<>();
        for (AgentId id : versions.keySet()) {
            find(actor, id).ifPresent(visible::add);
        }
        visible.sort(Comparator.comparing((AgentConfig a) -> !a.owner().isSystem()).thenComparing(AgentConfig::name));
        return visible;
    }

    @Override
    public synchronized List<AgentConfig> versions(UserId actor, AgentId id) {
        return find(actor, id).isPresent() ? List.copyOf(versions.get(id)) : List.of();
    }

    @Override
    public synchronized void save(UserId actor, AgentConfig agent) {
        List<AgentConfig> stored = versions.get(agent.id());
        int latest = stored == null ? 0 : stored.getLast().version();
        if (agent.version() != latest + 1) {
            throw new ConcurrentEditException(agent.name());
        }
        boolean taken = versions.entrySet().stream().anyMatch(e -> !e.getKey().equals(agent.id())
                && !deleted.contains(e.getKey()) && e.getValue().getLast().owner().equals(agent.owner())
                && e.getValue().getLast().name().equals(agent.name()));
        if (taken) {
            throw new NameTakenException(agent.name());
        }
        versions.computeIfAbsent(agent.id(), k -> new ArrayList<>()).add(agent);
    }

    @Override
    public synchronized boolean delete(UserId actor, AgentId id) {
        return find(actor, id).isPresent() && deleted.add(id);
    }
}
