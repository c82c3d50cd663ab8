package dev.mosaic.application.fakes;

import dev.mosaic.application.view.RoutedReply;
import dev.mosaic.application.Page;
import dev.mosaic.application.PageRequest;
import dev.mosaic.application.port.out.ConversationMetrics;
import dev.mosaic.application.port.out.Conversations;
import dev.mosaic.application.view.ConversationSummary;
import dev.mosaic.domain.agent.AgentId;
import dev.mosaic.domain.conversation.Conversation;
import dev.mosaic.domain.conversation.ConversationId;
import dev.mosaic.domain.conversation.Message;
import dev.mosaic.domain.conversation.MessageId;
import dev.mosaic.domain.conversation.MessageStatus;
import dev.mosaic.domain.routing.RouteTarget;
import dev.mosaic.domain.routing.RoutingDecision;
import dev.mosaic.domain.user.UserId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A fake {@link Conversations} for tests of the core; passes the same contract as the real one. */
public final class InMemoryConversations implements Conversations {
    private final Map<ConversationId, Conversation> conversations = new LinkedHashMap<>();
    private final Map<ConversationId, List<Message>> messages = new LinkedHashMap<>();
    private final Map<ConversationId, Boolean> archived = new LinkedHashMap<>();
    private final Map<ConversationId, String> titles = new LinkedHashMap<>();
    private final Map<ConversationId, Long> lastActivity = new LinkedHashMap<>();
    private final Map<ConversationId, RouteTarget> pins = new LinkedHashMap<>();
    private final Map<ConversationId, AgentId> agents = new LinkedHashMap<>();
    private final Map<MessageId, RoutingDecision> decisions = new LinkedHashMap<>();
    private long activity;

    @Override
    public synchronized void create(UserId actor, Conversation conversation) {
        requireOwner(actor, conversation.owner());
        if (conversations.putIfAbsent(conversation.id(), conversation) != null) {
            throw new IllegalStateException("conversation " + conversation.id() + " exists");
        }
        messages.put(conversation.id(), new ArrayList<>());
        archived.put(conversation.id(), false);
        titles.put(conversation.id(), conversation.title());
        lastActivity.put(conversation.id(), ++activity);
        if (conversation.agent() != null) {
            agents.put(conversation.id(), conversation.agent());
        }
    }

    @Override
    public synchronized Optional<Conversation> find(UserId actor, ConversationId id) {
        return Optional.ofNullable(conversations.get(id)).filter(c -> c.owner().equals(actor))
                .map(c -> new Conversation(c.id(), c.owner(), titles.get(c.id()), c.createdAt(), pins.get(c.id()),
                        agents.get(c.id())));
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
        lastActivity.put(conversation.id(), ++activity);
    }

    @Override
    public synchronized void appendExchange(UserId actor, Optional<Conversation> started, Message question,
            Message reply, RoutingDecision decision) {
        requireOwner(actor, question.owner());
        requireOwner(actor, reply.owner());
        ConversationId id = question.conversationId();
        // All or nothing, as in one transaction: every check comes before the first change.
        if (!reply.conversationId().equals(id) || started.isPresent() && !started.get().id().equals(id)) {
            throw new IllegalStateException("the question and its reply belong to one conversation");
        }
        if (started.isPresent()) {
            requireOwner(actor, started.get().owner());
            if (conversations.containsKey(id)) {
                throw new IllegalStateException("conversation " + id + " exists");
            }
        } else if (find(actor, id).isEmpty()) {
            throw new IllegalStateException("no conversation " + id + " of the actor's");
        }
        if (question.id().equals(reply.id()) || messages.values().stream().flatMap(List::stream)
                .anyMatch(m -> m.id().equals(question.id()) || m.id().equals(reply.id()))) {
            throw new IllegalStateException("a message with that id exists");
        }
        started.ifPresent(c -> create(actor, c));
        append(actor, question);
        append(actor, reply);
        decisions.put(reply.id(), decision);
    }

    @Override
    public synchronized void recordRouting(UserId actor, MessageId reply, RoutingDecision decision) {
        boolean mine = conversations.values().stream().filter(c -> c.owner().equals(actor))
                .anyMatch(c -> messages.get(c.id()).stream().anyMatch(m -> m.id().equals(reply)));
        if (!mine) {
            throw new IllegalStateException("no message " + reply + " of the actor's");
        }
        decisions.put(reply, decision);
    }

    @Override
    public synchronized List<RoutedReply> routing(UserId actor, ConversationId id) {
        return messages(actor, id).stream().filter(m -> decisions.containsKey(m.id()))
                .map(m -> new RoutedReply(m.id(), m.createdAt(), m.generation().provider(), m.generation().model(),
                        decisions.get(m.id())))
                .toList();
    }

    @Override
    public synchronized boolean pin(UserId actor, ConversationId id, RouteTarget model) {
        if (find(actor, id).isEmpty()) {
            return false;
        }
        if (model == null) {
            pins.remove(id);
        } else {
            pins.put(id, model);
        }
        return true;
    }

    @Override
    public synchronized boolean setAgent(UserId actor, ConversationId id, AgentId agent) {
        if (find(actor, id).isEmpty()) {
            return false;
        }
        if (agent == null) {
            agents.remove(id);
        } else {
            agents.put(id, agent);
        }
        return true;
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

    /** Where {@link #history} finds checkpoints: those made over this store, if any. */
    private volatile InMemoryCheckpoints checkpoints;

    void checkpointsIn(InMemoryCheckpoints checkpoints) {
        this.checkpoints = checkpoints;
    }

    /** Not under this store's lock, which the checkpoints take to find the conversation. */
    @Override
    public Optional<History> history(UserId actor, ConversationId id) {
        Optional<Conversation> conversation = find(actor, id);
        if (conversation.isEmpty()) {
            return Optional.empty();
        }
        List<Message> all = messages(actor, id);
        InMemoryCheckpoints known = checkpoints;
        List<dev.mosaic.domain.conversation.ContextCheckpoint> made = known == null ? List.of() : known.of(actor, id);
        return Optional.of(new History(conversation.get(), all,
                made.isEmpty() ? Optional.empty() : Optional.of(made.getLast())));
    }

    /** Where {@link #updateCounting} counts turns: the metrics made over this store, if any. */
    private volatile InMemoryConversationMetrics metrics;

    void countWith(InMemoryConversationMetrics metrics) {
        this.metrics = metrics;
    }

    /** Not under this store's lock, which the metrics take to find the conversation: the message first, then the turns. */
    @Override
    public boolean updateCounting(UserId actor, Message message, List<ConversationMetrics.Turn> turns) {
        update(actor, message);
        InMemoryConversationMetrics counting = metrics;
        if (turns.isEmpty()) {
            return true;
        }
        if (counting == null) {
            return false;
        }
        try {
            counting.recordTurns(actor, message.conversationId(), turns);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public synchronized List<StreamingReplies> withStreamingReplies() {
        return conversations.values().stream()
                .filter(c -> messages.get(c.id()).stream().anyMatch(m -> m.status() == MessageStatus.STREAMING))
                .map(c -> new StreamingReplies(c.owner(), c.id())).toList();
    }

    @Override
    public synchronized List<Message> messages(UserId actor, ConversationId id) {
        return find(actor, id).map(c -> List.copyOf(messages.get(id))).orElse(List.of());
    }

    @Override
    public synchronized Page<Message> messages(UserId actor, ConversationId id, PageRequest page) {
        List<Message> all = messages(actor, id);
        return new Page<>(slice(all, page), page, all.size());
    }

    @Override
    public synchronized Page<ConversationSummary> list(UserId actor, boolean archivedOnes, PageRequest page) {
        List<ConversationSummary> all = conversations.values().stream()
                .filter(c -> c.owner().equals(actor) && archived.get(c.id()) == archivedOnes)
                .sorted(Comparator.comparing((Conversation c) -> lastActivity.get(c.id())).reversed())
                .map(c -> new ConversationSummary(c.id(), titles.get(c.id()), c.createdAt(),
                        messages.get(c.id()).isEmpty() ? c.createdAt() : messages.get(c.id()).getLast().createdAt(),
                        messages.get(c.id()).size(), archived.get(c.id())))
                .toList();
        return new Page<>(slice(all, page), page, all.size());
    }

    private static <T> List<T> slice(List<T> all, PageRequest page) {
        int from = (int) Math.min(all.size(), page.offset());
        return all.subList(from, Math.min(all.size(), from + page.size()));
    }

    @Override
    public synchronized boolean rename(UserId actor, ConversationId id, String title) {
        return find(actor, id).map(c -> titles.put(id, title)).isPresent();
    }

    @Override
    public synchronized boolean setArchived(UserId actor, ConversationId id, boolean value) {
        return find(actor, id).map(c -> archived.put(id, value)).isPresent();
    }

    @Override
    public synchronized boolean delete(UserId actor, ConversationId id) {
        if (find(actor, id).isEmpty()) {
            return false;
        }
        conversations.remove(id);
        messages.remove(id);
        archived.remove(id);
        titles.remove(id);
        lastActivity.remove(id);
        pins.remove(id);
        agents.remove(id);
        return true;
    }

    private static void requireOwner(UserId actor, UserId owner) {
        if (!actor.equals(owner)) {
            throw new IllegalStateException("an actor can only write its own data");
        }
    }
}
