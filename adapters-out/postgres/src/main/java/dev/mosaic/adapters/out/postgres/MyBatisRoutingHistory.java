package dev.mosaic.adapters.out.postgres;

import dev.mosaic.application.port.out.RoutingHistory;
import dev.mosaic.domain.conversation.ContentBlock;
import dev.mosaic.domain.conversation.Usage;
import dev.mosaic.domain.user.UserId;
import java.time.Instant;
import java.util.List;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;

final class MyBatisRoutingHistory implements RoutingHistory {
    private final SqlSessionFactory sessions;

    MyBatisRoutingHistory(SqlSessionFactory sessions) {
        this.sessions = sessions;
    }

    @Override
    public List<Exchange> exchangesSince(UserId actor, Instant since) {
        return UserScope.inTransaction(sessions, actor,
                session -> session.getMapper(RoutingHistoryMapper.class).exchanges(actor.value(), since)).stream()
                .map(r -> new Exchange(r.askedAt(), text(ContentJson.read(r.question())), r.provider(), r.model(),
                        r.provider() == null ? Usage.NONE : new Usage(r.inputTokens(), r.outputTokens(),
                                r.cachedInputTokens())))
                .toList();
    }

    @Override
    public List<UserId> askersSince(Instant since) {
        try (SqlSession session = sessions.openSession(true)) {
            return session.getMapper(RoutingHistoryMapper.class).askers(since).stream().map(UserId::new).toList();
        }
    }

    private static String text(List<ContentBlock> blocks) {
        StringBuilder out = new StringBuilder();
        for (ContentBlock block : blocks) {
            if (block instanceof ContentBlock.Text(String text)) {
                out.append(text);
            }
        }
        return out.toString();
    }
}
