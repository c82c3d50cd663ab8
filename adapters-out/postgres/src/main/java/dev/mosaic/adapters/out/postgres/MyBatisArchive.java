package dev.mosaic.adapters.out.postgres;

import dev.mosaic.application.port.out.Archive;
import dev.mosaic.domain.conversation.ConversationId;
import dev.mosaic.domain.user.UserId;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;

/** The archive tables of V16: {@code messages_archive} and {@code agent_logs_archive}. */
final class MyBatisArchive implements Archive {
    private final SqlSessionFactory sessions;

    MyBatisArchive(SqlSessionFactory sessions) {
        this.sessions = sessions;
    }

    @Override
    public List<Candidate> conversationsToArchive(Instant idleBefore, int limit) {
        try (SqlSession session = sessions.openSession(true)) {
            return session.getMapper(ArchiveMapper.class).candidates(idleBefore, limit).stream()
                    .map(r -> new Candidate(new UserId(r.userId()), new ConversationId(r.conversationId()))).toList();
        }
    }

    @Override
    public OptionalInt archiveConversation(UserId owner, ConversationId conversation, Instant idleBefore) {
        return UserScope.inTransaction(sessions, owner, session -> {
            ArchiveMapper mapper = session.getMapper(ArchiveMapper.class);
            if (mapper.lockIfDue(owner.value(), conversation.value(), idleBefore) == null) {
                return OptionalInt.empty();
            }
            int moved = mapper.moveMessages(owner.value(), conversation.value());
            mapper.markArchived(owner.value(), conversation.value());
            return OptionalInt.of(moved);
        });
    }

    @Override
    public List<Candidate> conversationsQuietSince(Instant idleBefore, int limit) {
        try (SqlSession session = sessions.openSession(true)) {
            return session.getMapper(ArchiveMapper.class).quiet(idleBefore, limit).stream()
                    .map(r -> new Candidate(new UserId(r.userId()), new ConversationId(r.conversationId()))).toList();
        }
    }

    /** The conversation's delete cascades to its messages in both tables, its summary, checkpoints and metrics. */
    @Override
    public boolean deleteConversation(UserId owner, ConversationId conversation, Instant idleBefore) {
        return UserScope.inTransaction(sessions, owner, session -> {
            if (session.getMapper(ArchiveMapper.class).lockIfQuiet(owner.value(), conversation.value(), idleBefore) == null) {
                return false;
            }
            return session.getMapper(ConversationMapper.class).delete(owner.value(), conversation.value()) > 0;
        });
    }

    @Override
    public int archiveLogs(Instant loggedBefore, int limit) {
        try (SqlSession session = sessions.openSession(true)) {
            return session.getMapper(ArchiveMapper.class).archiveLogs(loggedBefore, limit);
        }
    }

    @Override
    public int deleteArchivedLogs(Instant loggedBefore, int limit) {
        try (SqlSession session = sessions.openSession(true)) {
            return session.getMapper(ArchiveMapper.class).deleteArchivedLogs(loggedBefore, limit);
        }
    }
}
