package dev.mosaic.application.fakes;

import dev.mosaic.application.port.out.AbortSignals;
import dev.mosaic.domain.conversation.ConversationId;
import dev.mosaic.domain.user.UserId;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

/** A fake {@link AbortSignals} that delivers each signal at once, to every subscriber of this one object. */
public final class InMemoryAbortSignals implements AbortSignals {

    /** A signal as published. */
    public record Signal(UserId owner, ConversationId conversation) {}

    private final List<BiConsumer<UserId, ConversationId>> listeners = new CopyOnWriteArrayList<>();
    private final List<Signal> published = new CopyOnWriteArrayList<>();

    @Override
    public void publish(UserId owner, ConversationId conversation) {
        published.add(new Signal(owner, conversation));
        listeners.forEach(listener -> listener.accept(owner, conversation));
    }

    @Override
    public Subscription subscribe(BiConsumer<UserId, ConversationId> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    public List<Signal> published() {
        return List.copyOf(published);
    }
}
