package dev.mosaic.application.fakes;

import dev.mosaic.application.event.ConversationEvent;
import dev.mosaic.application.port.out.ConversationFeed;
import dev.mosaic.domain.conversation.ConversationId;
import dev.mosaic.domain.conversation.MessageId;
import dev.mosaic.domain.user.UserId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A fake {@link ConversationFeed} of one process: delivers each update at once, on the publishing
 * thread, to the subscribers of this one object. A frame is {@code delta:<text>} for a delta of text
 * and the event's type otherwise, so a test can read the text a watcher was sent.
 */
public final class InMemoryConversationFeed implements ConversationFeed {

    private record Key(UserId owner, ConversationId conversation) {}

    private record Watch(String session, Consumer<Update> listener) {}

    private final Map<Key, List<Watch>> subscribers = new ConcurrentHashMap<>();
    private final List<CatchUpHandler> catchUps = new CopyOnWriteArrayList<>();
    private final AtomicInteger published = new AtomicInteger();

    public static String frame(ConversationEvent event) {
        return event instanceof ConversationEvent.ReplyDelta delta && delta.kind() == ConversationEvent.DeltaKind.TEXT
                ? "delta:" + delta.text() : event.getClass().getSimpleName();
    }

    @Override
    public boolean watched(UserId owner, ConversationId conversation, String except) {
        return subscribers.getOrDefault(new Key(owner, conversation), List.of()).stream()
                .anyMatch(watch -> !watch.session().equals(except));
    }

    @Override
    public void publish(UserId owner, ConversationId conversation, String origin, ConversationEvent event, int seq) {
        published.incrementAndGet();
        deliver(owner, conversation, new Published(origin, ConversationFeed.messageOf(event), seq, frame(event)));
    }

    @Override
    public void publishSnapshot(UserId owner, ConversationId conversation, String requester, MessageId message, int upTo,
            List<ConversationEvent> events) {
        deliver(owner, conversation, new Snapshot(requester, message, upTo,
                events.stream().map(InMemoryConversationFeed::frame).toList()));
    }

    @Override
    public void requestCatchUp(UserId owner, ConversationId conversation, String requester) {
        catchUps.forEach(handler -> handler.requested(owner, conversation, requester));
    }

    @Override
    public Subscription subscribe(UserId owner, ConversationId conversation, String session, Consumer<Update> listener) {
        List<Watch> watches = subscribers.computeIfAbsent(new Key(owner, conversation), key -> new CopyOnWriteArrayList<>());
        Watch watch = new Watch(session, listener);
        watches.add(watch);
        return () -> watches.remove(watch);
    }

    @Override
    public Subscription onCatchUp(CatchUpHandler handler) {
        catchUps.add(handler);
        return () -> catchUps.remove(handler);
    }

    /** How many events were published, to any conversation. */
    public int published() {
        return published.get();
    }

    private void deliver(UserId owner, ConversationId conversation, Update update) {
        subscribers.getOrDefault(new Key(owner, conversation), List.of()).forEach(watch -> watch.listener().accept(update));
    }
}
