package dev.mosaic.application.service;

import dev.mosaic.application.port.out.Agents;
import dev.mosaic.domain.agent.AgentConfig;
import dev.mosaic.domain.agent.AgentId;
import dev.mosaic.domain.user.Owner;
import dev.mosaic.domain.user.UserId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The agents routing reads for every message, from memory: the gateway's and each user's own, as
 * the store shows them to that user, dropped when their owner's agents change on any instance.
 */
final class AgentDirectory {
    private final Agents store;
    private final OwnedCache<List<AgentConfig>> cache = new OwnedCache<>();

    AgentDirectory(Agents store) {
        this.store = Objects.requireNonNull(store);
    }

    /**
     * The latest version of an agent {@code actor} may use. One the cache does not hold is looked up
     * in the store: it may have been made a moment ago, before the news of it arrived.
     */
    Optional<AgentConfig> find(UserId actor, AgentId id) {
        Optional<AgentConfig> cached = Optional.ofNullable(first(own(actor), a -> a.id().equals(id)))
                .or(() -> Optional.ofNullable(first(system(actor), a -> a.id().equals(id))));
        if (cached.isPresent()) {
            return cached;
        }
        Optional<AgentConfig> stored = store.find(actor, id);
        stored.ifPresent(agent -> cache.changed(agent.owner()));
        return stored;
    }

    /** The actor's own agent of that name, else the gateway's. */
    Optional<AgentConfig> findByName(UserId actor, String name) {
        return Optional.ofNullable(first(own(actor), a -> a.name().equals(name)))
                .or(() -> Optional.ofNullable(first(system(actor), a -> a.name().equals(name))));
    }

    void changed(Owner owner) {
        cache.changed(owner);
    }

    void forgetAll() {
        cache.forgetAll();
    }

    private List<AgentConfig> system(UserId actor) {
        return cache.system(() -> store.list(actor).stream().filter(a -> a.owner().isSystem()).toList());
    }

    private List<AgentConfig> own(UserId actor) {
        return cache.own(actor, () -> store.list(actor).stream().filter(a -> !a.owner().isSystem()).toList());
    }

    private static AgentConfig first(List<AgentConfig> agents, Predicate<AgentConfig> test) {
        for (AgentConfig agent : agents) {
            if (test.test(agent)) {
                return agent;
            }
        }
        return null;
    }
}
