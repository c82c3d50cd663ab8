package dev.mosaic.application.fakes;

import dev.mosaic.application.port.out.Conversations;
import dev.mosaic.domain.conversation.Conversation;
import dev.mosaic.domain.conversation.ConversationId;
import dev.mosaic.domain.conversation.Message;
import dev.mosaic.domain.user.UserId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A fake {@link Conversations} for tests of the core; passes the same contract as the real one. */
public final class InMemoryConversations implements Conversations {
    private final Map<ConversationId, Conversation> conversations = new LinkedHashMap<>();
    private final Map<ConversationId, List<Message>> messages = new LinkedHashMap<>();

    @Override
    public synchronized void create(UserId actor, Conversation conversation) {
        requireOwner(actor, conversation.owner());
        if (conversations.putIfAbsent(conversation.id(), conversation) != null) {
            throw new IllegalStateException("conversation " + conversation.id() + " exists");
        }
        messages.put(conversation.id(), new ArrayList<>());
    }

    @Override
    public synchronized Optional<Conversation> find(UserId actor, ConversationId id) {
        return Optional.ofNullable(conversations.get(id)).filter(c -> c.owner().equals(actor));
    }

    @Override
    public synchronized void append(UserId actor, Message message) {
        requireOwner(actor, message.owner());
        Conversation conversation = find(actor, message.conversationId())
                .orElseThrow(() -> new IllegalStateException("no conversation " + message.conversationId() + " of the actor's"));
        List<Message> list = messages.get(conversation.id());
        if (list.stream().anyMatch(m -> m.id().equals(message.id()))) {
            throw new IllegalStateException("message " + message.id() + " exists");
        }
        list.add(message);
    }

    @Override
    public synchronized void update(UserId actor, Message message) {
        List<Message> list = find(actor, message.conversationId()).map(c -> messages.get(c.id()))
                .orElseThrow(() -> new IllegalStateException("no message " + message.id() + " of the actor's"));
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).id().equals(message.id())) {
                list.set(i, message);
                return;
            }
        }
        throw new IllegalStateException("no message " + message.id() + " of the actor's");
    }

    @Override
    public synchronized List<Message> messages(UserId actor, ConversationId id) {
        return find(actor, id).map(c -> List.copyOf(messages.get(id))).orElse(List.of());
    }

    private static void requireOwner(UserId actor, UserId owner) {
        if (!actor.equals(owner)) {
            throw new IllegalStateException("an actor can only write its own data");
        }
    }
}
