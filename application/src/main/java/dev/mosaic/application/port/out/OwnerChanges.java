package dev.mosaic.application.port.out;

import dev.mosaic.domain.user.Owner;
import java.util.function.Consumer;

/**
 * Tells every gateway instance that something of an owner's that each caches changed (routing rules,
 * agents, memory, provider credentials), so each drops what it cached of that owner.
 */
public interface OwnerChanges {

    void publish(Owner owner);

    /**
     * Calls {@code changed} for every change published by any instance, this one included, until
     * closed; and {@code missedSome} when changes may have gone unheard (the connection was lost),
     * so that everything cached is dropped.
     */
    AutoCloseable subscribe(Consumer<Owner> changed, Runnable missedSome);
}
