package dev.mosaic.adapters.out.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mosaic.application.job.JobEvent;
import dev.mosaic.application.job.JobId;
import dev.mosaic.domain.user.User;
import dev.mosaic.domain.user.UserId;
import dev.mosaic.domain.user.UserRole;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The agent log: a user's rows are theirs, the system's rows admins' only, and no one writes for another. */
class PostgresJobLogTest {
    private final PostgresDatabase database = TestDatabase.shared();

    private static JobEvent event(JobId job, JobEvent.Outcome outcome, Optional<UserId> user) {
        return new JobEvent(job, "summarize", "background", 1, outcome, Duration.ofMillis(42),
                outcome == JobEvent.Outcome.FAILED ? "boom" : null, user, Instant.now());
    }

    private static List<String> outcomesSeenBy(UserId actor, JobId job) throws SQLException {
        try (Connection app = TestDatabase.connectAsApp()) {
            app.setAutoCommit(false);
            TestDatabase.column(app, "select set_config('mosaic.user_id', ?, true)", actor.toString());
            List<String> seen = TestDatabase.column(app, "select outcome from agent_logs where job_id = ? order by id",
                    job.value());
            app.commit();
            return seen;
        }
    }

    @Test
    void eachRowIsSeenByItsUserAndAdminsOnly() throws SQLException {
        UserId alice = TestDatabase.newUser(database);
        UserId bob = TestDatabase.newUser(database);
        UserId admin = UserId.random();
        database.users().create(new User(admin, "admin-" + admin, Instant.now()), UserRole.ADMIN);
        JobId forAlice = JobId.random();
        JobId system = JobId.random();
        database.jobLog().record(event(forAlice, JobEvent.Outcome.STARTED, Optional.of(alice)));
        database.jobLog().record(event(forAlice, JobEvent.Outcome.FAILED, Optional.of(alice)));
        database.jobLog().record(event(system, JobEvent.Outcome.COMPLETED, Optional.empty()));

        assertEquals(List.of("started", "failed"), outcomesSeenBy(alice, forAlice));
        assertEquals(List.of(), outcomesSeenBy(bob, forAlice));
        assertEquals(List.of(), outcomesSeenBy(alice, system));
        assertEquals(List.of("completed"), outcomesSeenBy(admin, system));
        assertEquals(List.of("started", "failed"), outcomesSeenBy(admin, forAlice));
    }

    @Test
    void noOneWritesARowForAnotherUser() throws SQLException {
        UserId alice = TestDatabase.newUser(database);
        UserId bob = TestDatabase.newUser(database);
        try (Connection app = TestDatabase.connectAsApp()) {
            app.setAutoCommit(false);
            TestDatabase.column(app, "select set_config('mosaic.user_id', ?, true)", bob.toString());
            assertThrows(SQLException.class, () -> TestDatabase.update(app, "insert into agent_logs (user_id, job_id,"
                    + " job_type, queue, attempt, outcome, duration_ms, at) values (?, gen_random_uuid(), 't', 'q', 1,"
                    + " 'started', 0, now())", alice.value()));
            app.rollback();
        }
    }
}
