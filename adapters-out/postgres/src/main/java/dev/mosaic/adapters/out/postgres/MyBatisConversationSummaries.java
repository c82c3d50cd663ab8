package dev.mosaic.adapters.out.postgres;

import dev.mosaic.application.port.out.ConversationSummaries;
import dev.mosaic.domain.conversation.ConversationId;
import dev.mosaic.domain.user.UserId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;

final class MyBatisConversationSummaries implements ConversationSummaries {
    private final SqlSessionFactory sessions;

    MyBatisConversationSummaries(SqlSessionFactory sessions) {
        this.sessions = sessions;
    }

    @Override
    public List<Idle> toSummarize(Instant before, int limit) {
        try (SqlSession session = sessions.openSession(true)) {
            return session.getMapper(SummaryMapper.class).toSummarize(before, limit).stream()
                    .map(r -> new Idle(new UserId(r.userId()), new ConversationId(r.conversationId()), r.activityAt()))
                    .toList();
        }
    }

    @Override
    public void save(UserId actor, Summary s) {
        UserScope.inTransaction(sessions, actor, session -> {
            session.getMapper(SummaryMapper.class).save(actor.value(), s.conversation().value(), s.text(),
                    s.messagesCovered(), s.activity(), s.provider(), s.model(), s.createdAt());
            return null;
        });
    }

    @Override
    public Optional<Summary> find(UserId actor, ConversationId conversation) {
        return Optional.ofNullable(UserScope.inTransaction(sessions, actor,
                session -> session.getMapper(SummaryMapper.class).find(conversation.value())))
                .map(r -> new Summary(new ConversationId(r.conversationId()), r.summary(), r.messagesCovered(),
                        r.activityAt(), r.provider(), r.model(), r.createdAt()));
    }
}
