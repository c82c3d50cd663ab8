package dev.mosaic.application.fakes;

import dev.mosaic.application.port.out.OwnerChanges;
import dev.mosaic.domain.user.Owner;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** {@link OwnerChanges} within one process: every subscriber hears every change at once. */
public final class LocalOwnerChanges implements OwnerChanges {
    private final List<Consumer<Owner>> listeners = new CopyOnWriteArrayList<>();
    private final List<Owner> published = new CopyOnWriteArrayList<>();

    @Override
    public void publish(Owner owner) {
        published.add(owner);
        listeners.forEach(l -> l.accept(owner));
    }

    @Override
    public AutoCloseable subscribe(Consumer<Owner> listener, Runnable missedSome) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    public List<Owner> published() {
        return List.copyOf(published);
    }
}
