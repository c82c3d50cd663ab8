package dev.mosaic.application.service;

import dev.mosaic.domain.user.Owner;
import dev.mosaic.domain.user.UserId;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * What each owner holds (routing rules, agents, memory, credentials), cached by one instance: the
 * gateway's once, each user's own on first use, and dropped when
 * {@link dev.mosaic.application.port.out.OwnerChanges} says that owner's changed anywhere.
 *
 * @param <T> what is held for one owner; immutable, since every reader shares it
 */
final class OwnedCache<T> {
    /** A cache of many users' things is dropped whole rather than grown without end. */
    private static final int MAX_CACHED_USERS = 10_000;

    private final AtomicLong generation = new AtomicLong();
    private final Map<UserId, T> own = new ConcurrentHashMap<>();
    private volatile T system;

    /** The gateway's, loaded by {@code load} when not cached. */
    T system(Supplier<T> load) {
        T cached = system;
        if (cached != null) {
            return cached;
        }
        long seen = generation.get();
        T loaded = load.get();
        // A change announced while loading may not be in what was read: keep it only if none came.
        if (generation.get() == seen) {
            system = loaded;
        }
        return loaded;
    }

    /** {@code user}'s own, loaded by {@code load} when not cached. */
    T own(UserId user, Supplier<T> load) {
        T cached = own.get(user);
        if (cached != null) {
            return cached;
        }
        long seen = generation.get();
        T loaded = load.get();
        if (generation.get() == seen) {
            if (own.size() >= MAX_CACHED_USERS) {
                own.clear();
            }
            own.put(user, loaded);
        }
        return loaded;
    }

    /** An owner's things changed: forget them. */
    void changed(Owner owner) {
        generation.incrementAndGet();
        if (owner.isSystem()) {
            system = null;
        } else {
            own.remove(owner.user());
        }
    }

    /** Changes may have gone unheard: forget everything. */
    void forgetAll() {
        generation.incrementAndGet();
        system = null;
        own.clear();
    }
}
