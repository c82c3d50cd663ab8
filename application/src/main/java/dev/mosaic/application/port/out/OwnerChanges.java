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

    /**
     * These changes, each dropped first from a cache of this instance's by {@code here}: the next read
     * on this instance after a write must not depend on its own announcement coming back in time.
     */
    default OwnerChanges droppingFirst(Consumer<Owner> here) {
        OwnerChanges everywhere = this;
        return new OwnerChanges() {
            @Override
            public void publish(Owner owner) {
                here.accept(owner);
                everywhere.publish(owner);
            }

            @Override
            public AutoCloseable subscribe(Consumer<Owner> changed, Runnable missedSome) {
                return everywhere.subscribe(changed, missedSome);
            }
        };
    }
}
