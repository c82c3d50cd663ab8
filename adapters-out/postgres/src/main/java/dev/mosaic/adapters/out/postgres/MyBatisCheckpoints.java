package dev.mosaic.adapters.out.postgres;

import dev.mosaic.adapters.out.postgres.CheckpointMapper.CheckpointRow;
import dev.mosaic.application.port.out.Checkpoints;
import dev.mosaic.domain.conversation.ContextCheckpoint;
import dev.mosaic.domain.conversation.ConversationId;
import dev.mosaic.domain.conversation.MessageId;
import dev.mosaic.domain.user.UserId;
import java.util.List;
import org.apache.ibatis.session.SqlSessionFactory;

final class MyBatisCheckpoints implements Checkpoints {
    private final SqlSessionFactory sessions;

    MyBatisCheckpoints(SqlSessionFactory sessions) {
        this.sessions = sessions;
    }

    @Override
    public void store(UserId actor, ContextCheckpoint c) {
        if (!actor.equals(c.owner())) {
            throw new IllegalStateException("an actor can only write its own data");
        }
        CheckpointRow row = new CheckpointRow(c.id(), c.conversationId().value(), c.owner().value(), c.summary(),
                c.firstCovered().value(), c.lastCovered().value(), c.messagesCovered(), c.tokensCovered(),
                c.summaryTokens(), c.provider(), c.model(), c.createdAt());
        UserScope.inTransaction(sessions, actor, session -> session.getMapper(CheckpointMapper.class).insert(row));
    }

    @Override
    public List<ContextCheckpoint> of(UserId actor, ConversationId conversation) {
        return UserScope.inTransaction(sessions, actor,
                session -> session.getMapper(CheckpointMapper.class).of(actor.value(), conversation.value())).stream()
                .map(MyBatisCheckpoints::toCheckpoint)
                .toList();
    }

    static ContextCheckpoint toCheckpoint(CheckpointMapper.CheckpointRow r) {
        return new ContextCheckpoint(r.id(), new ConversationId(r.conversationId()), new UserId(r.userId()),
                r.summary(), new MessageId(r.firstCovered()), new MessageId(r.lastCovered()), r.messagesCovered(),
                r.tokensCovered(), r.summaryTokens(), r.provider(), r.model(), r.createdAt());
    }
}
