package dev.mosaic.adapters.out.postgres;

import dev.mosaic.application.view.RoutedReply;
import dev.mosaic.adapters.out.postgres.ConversationMapper.ConversationRow;
import dev.mosaic.adapters.out.postgres.ConversationMapper.MessageRow;
import dev.mosaic.application.Page;
import dev.mosaic.application.PageRequest;
import dev.mosaic.application.port.out.ConversationMetrics;
import dev.mosaic.application.port.out.Conversations;
import dev.mosaic.application.view.ConversationSummary;
import dev.mosaic.domain.agent.AgentId;
import dev.mosaic.domain.agent.AgentRef;
import dev.mosaic.domain.conversation.Conversation;
import dev.mosaic.domain.conversation.ConversationId;
import dev.mosaic.domain.conversation.Generation;
import dev.mosaic.domain.conversation.Message;
import dev.mosaic.domain.conversation.MessageError;
import dev.mosaic.domain.conversation.MessageId;
import dev.mosaic.domain.conversation.MessageStatus;
import dev.mosaic.domain.conversation.Role;
import dev.mosaic.domain.conversation.StopReason;
import dev.mosaic.domain.conversation.Usage;
import dev.mosaic.domain.routing.DecisionTree;
import dev.mosaic.domain.routing.RouteTarget;
import dev.mosaic.domain.routing.RoutingDecision;
import dev.mosaic.domain.user.UserId;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;

final class MyBatisConversations implements Conversations {
    private static final Logger LOG = Logger.getLogger(MyBatisConversations.class.getName());
    private final SqlSessionFactory sessions;

    MyBatisConversations(SqlSessionFactory sessions) {
        this.sessions = sessions;
    }

    @Override
    public void create(UserId actor, Conversation conversation) {
        requireOwnData(actor, conversation.owner());
        ConversationRow row = toRow(conversation);
        UserScope.inTransaction(sessions, actor, session -> session.getMapper(ConversationMapper.class).insertConversation(row));
    }

    private static ConversationRow toRow(Conversation conversation) {
        return new ConversationRow(conversation.id().value(), conversation.owner().value(), conversation.title(),
                conversation.createdAt(), null, null, conversation.agent() == null ? null : conversation.agent().value());
    }

    @Override
    public Optional<Conversation> find(UserId actor, ConversationId id) {
        ConversationRow row = UserScope.inTransaction(sessions, actor,
                session -> session.getMapper(ConversationMapper.class).findConversation(actor.value(), id.value()));
        return Optional.ofNullable(row).map(MyBatisConversations::toConversation);
    }

    private static Conversation toConversation(ConversationRow r) {
        return new Conversation(new ConversationId(r.id()), new UserId(r.userId()), r.title(), r.createdAt(),
                r.pinnedProvider() == null ? null : new RouteTarget(r.pinnedProvider(), r.pinnedModel()),
                r.agentId() == null ? null : new AgentId(r.agentId()));
    }

    /** One transaction: the naming of the actor, three selects and the commit. */
    @Override
    public Optional<History> history(UserId actor, ConversationId id) {
        return UserScope.inTransaction(sessions, actor, session -> {
            ConversationMapper mapper = session.getMapper(ConversationMapper.class);
            ConversationRow row = mapper.findConversation(actor.value(), id.value());
            if (row == null) {
                return Optional.<History>empty();
            }
            List<Message> messages = mapper.messages(actor.value(), id.value()).stream()
                    .map(MyBatisConversations::toMessage).toList();
            CheckpointMapper.CheckpointRow latest = session.getMapper(CheckpointMapper.class).latest(actor.value(),
                    id.value());
            return Optional.of(new History(toConversation(row), messages,
                    Optional.ofNullable(latest).map(MyBatisCheckpoints::toCheckpoint)));
        });
    }

    @Override
    public boolean pin(UserId actor, ConversationId id, RouteTarget model) {
        return UserScope.inTransaction(sessions, actor, session -> session.getMapper(ConversationMapper.class).pin(
                actor.value(), id.value(), model == null ? null : model.provider(), model == null ? null : model.model())) > 0;
    }

    @Override
    public boolean setAgent(UserId actor, ConversationId id, AgentId agent) {
        return UserScope.inTransaction(sessions, actor, session -> session.getMapper(ConversationMapper.class).setAgent(
                actor.value(), id.value(), agent == null ? null : agent.value())) > 0;
    }

    @Override
    public void appendExchange(UserId actor, Optional<Conversation> started, Message question, Message reply,
            RoutingDecision decision) {
        requireOwnData(actor, question.owner());
        requireOwnData(actor, reply.owner());
        if (!reply.conversationId().equals(question.conversationId())
                || started.isPresent() && !started.get().id().equals(question.conversationId())) {
            throw new IllegalStateException("the question and its reply belong to one conversation");
        }
        started.ifPresent(c -> requireOwnData(actor, c.owner()));
        MessageRow asked = toRow(question);
        MessageRow answering = toRow(reply);
        String routing = TreeJson.write(DecisionTree.write(decision));
        try {
            // One statement after the one that names the actor: three round trips in all, commit included.
            UserScope.inTransaction(sessions, actor, session -> {
                ConversationMapper mapper = session.getMapper(ConversationMapper.class);
                return started.isPresent()
                        ? mapper.insertConversationWithExchange(toRow(started.get()), asked, answering, routing)
                        : mapper.insertExchange(actor.value(), asked, answering, routing);
            });
        } catch (RuntimeException e) {
            throw notOwned(question, e);
        }
    }

    @Override
    public void recordRouting(UserId actor, MessageId reply, RoutingDecision decision) {
        String routing = TreeJson.write(DecisionTree.write(decision));
        int updated = UserScope.inTransaction(sessions, actor,
                session -> session.getMapper(ConversationMapper.class).recordRouting(actor.value(), reply.value(), routing));
        if (updated == 0) {
            throw new IllegalStateException("no reply " + reply + " of the actor's");
        }
    }

    @Override
    public List<RoutedReply> routing(UserId actor, ConversationId id) {
        return UserScope.inTransaction(sessions, actor,
                session -> session.getMapper(ConversationMapper.class).routing(actor.value(), id.value())).stream()
                .map(r -> new RoutedReply(new MessageId(r.id()), r.createdAt(), r.provider(), r.model(),
                        DecisionTree.read(TreeJson.readObject(r.routing()))))
                .toList();
    }

    @Override
    public void append(UserId actor, Message message) {
        requireOwnData(actor, message.owner());
        MessageRow row = toRow(message);
        try {
            UserScope.inTransaction(sessions, actor, session -> {
                ConversationMapper mapper = session.getMapper(ConversationMapper.class);
                mapper.insertMessage(row);
                return mapper.recordActivity(actor.value(), row.conversationId(), row.createdAt());
            });
        } catch (RuntimeException e) {
            throw notOwned(message, e);
        }
    }

    /**
     * The composite key to conversations(id, user_id) rejects a conversation of another user's (or
     * none), row-level security a row for another user: both say so in the domain's words.
     */
    private static RuntimeException notOwned(Message message, RuntimeException e) {
        String state = SqlErrors.sqlState(e);
        if (state.equals(SqlErrors.FOREIGN_KEY_VIOLATION) || state.equals(SqlErrors.INSUFFICIENT_PRIVILEGE)) {
            return new IllegalStateException("no conversation " + message.conversationId() + " of the actor's", e);
        }
        return e;
    }

    @Override
    public void update(UserId actor, Message message) {
        MessageRow row = toRow(message);
        int updated = UserScope.inTransaction(sessions, actor,
                session -> session.getMapper(ConversationMapper.class).updateMessage(actor.value(), row));
        if (updated == 0) {
            throw new IllegalStateException("no message " + message.id() + " of the actor's in conversation "
                    + message.conversationId());
        }
    }

    /** Thrown inside the transaction when a turn cannot be counted, so that the message is then stored alone. */
    private static final class CountFailed extends RuntimeException {
        CountFailed(RuntimeException cause) {
            super(cause);
        }
    }

    /**
     * One transaction for the message and its turns: the naming of the actor, the update, one statement per turn
     * and the commit. When a count fails, PostgreSQL has aborted the transaction, which is rolled back, and the
     * message is written again alone; the path that succeeds costs no savepoint.
     */
    @Override
    public boolean updateCounting(UserId actor, Message message, List<ConversationMetrics.Turn> turns) {
        if (turns.isEmpty()) {
            update(actor, message);
            return true;
        }
        MessageRow row = toRow(message);
        List<ConversationMetricsMapper.TurnRow> counted = turns.stream()
                .map(t -> MyBatisConversationMetrics.row(actor, message.conversationId(), t)).toList();
        boolean[] written = {false};
        int updated;
        try {
            updated = UserScope.inTransaction(sessions, actor, session -> {
                int rows = session.getMapper(ConversationMapper.class).updateMessage(actor.value(), row);
                if (rows == 0) {
                    return 0;
                }
                written[0] = true;
                try {
                    ConversationMetricsMapper metrics = session.getMapper(ConversationMetricsMapper.class);
                    counted.forEach(metrics::recordTurn);
                } catch (RuntimeException e) {
                    throw new CountFailed(e);
                }
                return rows;
            });
        } catch (RuntimeException e) {
            if (!written[0]) {
                throw e;
            }
            // The count failed, or the commit did: the message is what must not be lost.
            LOG.log(Level.WARNING, "could not count " + turns.size() + " turn(s) with the final update of message "
                    + message.id() + "; storing the message alone", e instanceof CountFailed ? e.getCause() : e);
            update(actor, message);
            return false;
        }
        if (updated == 0) {
            throw new IllegalStateException("no message " + message.id() + " of the actor's in conversation "
                    + message.conversationId());
        }
        return true;
    }

    @Override
    public List<StreamingReplies> withStreamingReplies() {
        try (SqlSession session = sessions.openSession(true)) {
            return session.getMapper(ConversationMapper.class).withStreamingReplies().stream()
                    .map(r -> new StreamingReplies(new UserId(r.userId()), new ConversationId(r.conversationId()))).toList();
        }
    }

    @Override
    public List<Message> messages(UserId actor, ConversationId id) {
        List<MessageRow> rows = UserScope.inTransaction(sessions, actor,
                session -> session.getMapper(ConversationMapper.class).messages(actor.value(), id.value()));
        return rows.stream().map(MyBatisConversations::toMessage).toList();
    }

    @Override
    public Page<Message> messages(UserId actor, ConversationId id, PageRequest page) {
        return UserScope.inTransaction(sessions, actor, session -> {
            ConversationMapper mapper = session.getMapper(ConversationMapper.class);
            List<Message> items = mapper.messagePage(actor.value(), id.value(), page.size(), page.offset()).stream()
                    .map(MyBatisConversations::toMessage).toList();
            return new Page<>(items, page, mapper.countMessages(actor.value(), id.value()));
        });
    }

    @Override
    public Page<ConversationSummary> list(UserId actor, boolean archived, PageRequest page) {
        return UserScope.inTransaction(sessions, actor, session -> {
            ConversationMapper mapper = session.getMapper(ConversationMapper.class);
            List<ConversationSummary> items = mapper.list(actor.value(), archived, page.size(), page.offset()).stream()
                    .map(r -> new ConversationSummary(new ConversationId(r.id()), r.title(), r.createdAt(),
                            r.lastActivityAt(), r.messageCount(), r.archived()))
                    .toList();
            return new Page<>(items, page, mapper.countConversations(actor.value(), archived));
        });
    }

    @Override
    public boolean rename(UserId actor, ConversationId id, String title) {
        return UserScope.inTransaction(sessions, actor,
                session -> session.getMapper(ConversationMapper.class).rename(actor.value(), id.value(), title)) > 0;
    }

    @Override
    public boolean setArchived(UserId actor, ConversationId id, boolean archived) {
        return UserScope.inTransaction(sessions, actor,
                session -> session.getMapper(ConversationMapper.class).setArchived(actor.value(), id.value(), archived)) > 0;
    }

    @Override
    public boolean delete(UserId actor, ConversationId id) {
        return UserScope.inTransaction(sessions, actor,
                session -> session.getMapper(ConversationMapper.class).delete(actor.value(), id.value())) > 0;
    }

    /** Row-level security would refuse it too; this says why in the domain's words. */
    private static void requireOwnData(UserId actor, UserId owner) {
        if (!actor.equals(owner)) {
            throw new IllegalStateException("an actor can only write its own data");
        }
    }

    private static MessageRow toRow(Message message) {
        String role = message.role().name().toLowerCase(Locale.ROOT);
        String status = message.status().name().toLowerCase(Locale.ROOT);
        String content = ContentJson.write(message.content());
        Generation generation = message.generation();
        if (generation == null) {
            return new MessageRow(message.id().value(), message.conversationId().value(), message.owner().value(), role,
                    status, content, null, null, null, null, null, null, null, null, null, null, null, message.createdAt(),
                    false, null, null, null);
        }
        Usage usage = generation.usage();
        MessageError error = generation.error();
        AgentRef agent = generation.agent();
        return new MessageRow(message.id().value(), message.conversationId().value(), message.owner().value(), role,
                status, content, generation.provider(), generation.model(), usage.inputTokens(), usage.outputTokens(),
                usage.cachedInputTokens(), generation.stopReason() == null ? null : generation.stopReason().wireName(),
                millis(generation.timeToFirstToken()), millis(generation.duration()),
                error == null ? null : error.code(), error == null ? null : error.message(), generation.costUsd(),
                message.createdAt(), usage.estimated(), agent == null ? null : agent.id().value(),
                agent == null ? null : agent.version(), agent == null ? null : agent.name());
    }

    private static Message toMessage(MessageRow row) {
        Generation generation = row.provider() == null ? null : new Generation(row.provider(), row.model(),
                new Usage(row.inputTokens(), row.outputTokens(), row.cachedInputTokens(), Boolean.TRUE.equals(row.usageEstimated())),
                row.stopReason() == null ? null : StopReason.valueOf(row.stopReason().toUpperCase(Locale.ROOT)),
                duration(row.timeToFirstTokenMs()), duration(row.durationMs()),
                row.errorCode() == null ? null : new MessageError(row.errorCode(), row.errorMessage()), row.costUsd(),
                row.agentName() == null ? null : new AgentRef(new AgentId(row.agentId()), row.agentName(), row.agentVersion()));
        return new Message(new MessageId(row.id()), new ConversationId(row.conversationId()), new UserId(row.userId()),
                Role.valueOf(row.role().toUpperCase(Locale.ROOT)), ContentJson.read(row.content()),
                MessageStatus.valueOf(row.status().toUpperCase(Locale.ROOT)), generation, row.createdAt());
    }

    private static Long millis(Duration duration) {
        return duration == null ? null : duration.toMillis();
    }

    private static Duration duration(Long millis) {
        return millis == null ? null : Duration.ofMillis(millis);
    }
}
