package dev.mosaic.adapters.out.postgres;

import dev.mosaic.application.job.JobEvent;
import dev.mosaic.application.port.out.JobLog;
import java.util.Locale;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;

/** The agent log in {@code agent_logs}: as the user a job acted for, or as nobody for the system's jobs. */
final class MyBatisJobLog implements JobLog {
    private final SqlSessionFactory sessions;

    MyBatisJobLog(SqlSessionFactory sessions) {
        this.sessions = sessions;
    }

    @Override
    public void record(JobEvent event) {
        if (event.user().isPresent()) {
            UserScope.inTransaction(sessions, event.user().get(), session -> insert(session, event));
        } else {
            try (SqlSession session = sessions.openSession(true)) {
                insert(session, event);
            }
        }
    }

    private static Void insert(SqlSession session, JobEvent e) {
        session.getMapper(AgentLogMapper.class).insert(e.user().map(u -> u.value()).orElse(null), e.job().value(), e.type(),
                e.queue(), e.attempt(), e.outcome().name().toLowerCase(Locale.ROOT), e.duration().toMillis(), e.error(), e.at());
        return null;
    }
}
