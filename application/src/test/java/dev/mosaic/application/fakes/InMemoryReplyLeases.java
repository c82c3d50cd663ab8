package dev.mosaic.application.fakes;

import dev.mosaic.application.port.out.ReplyLeases;
import dev.mosaic.domain.conversation.ConversationId;
import dev.mosaic.domain.user.UserId;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A fake {@link ReplyLeases}: leases never expire, as if every holder stayed alive. */
public final class InMemoryReplyLeases implements ReplyLeases {
    private record Key(UserId owner, ConversationId conversation) {}

    private final Map<Key, Object> held = new ConcurrentHashMap<>();

    @Override
    public Optional<Lease> acquire(UserId owner, ConversationId conversation) {
        Key key = new Key(owner, conversation);
        Object holder = new Object();
        if (held.putIfAbsent(key, holder) != null) {
            return Optional.empty();
        }
        return Optional.of(() -> held.remove(key, holder));
    }

    @Override
    public boolean isHeld(UserId owner, ConversationId conversation) {
        return held.containsKey(new Key(owner, conversation));
    }
}
