package dev.mosaic.application.port.in;

import dev.mosaic.application.Page;
import dev.mosaic.application.PageRequest;
import dev.mosaic.application.Rejection;
import dev.mosaic.application.job.Job;
import dev.mosaic.application.job.JobId;
import dev.mosaic.application.job.JobState;
import dev.mosaic.application.job.QueueStats;
import dev.mosaic.domain.user.UserId;
import java.util.List;
import java.util.Optional;

/**
 * The background jobs, for admins: list and inspect them (with every attempt's error), retry or
 * delete them, pause and resume queues, run a schedule now. Everyone else is refused with {@code
 * forbidden}.
 */
public interface ManageJobsUseCase {

    sealed interface Outcome<T> {
        record Done<T>(T value) implements Outcome<T> {}

        /** {@code forbidden}, {@code not_found}, {@code job_state_conflict} or {@code queue_unavailable}. */
        record Rejected<T>(Rejection rejection) implements Outcome<T> {}
    }

    Outcome<Page<Job>> list(UserId actor, JobState state, Optional<String> queue, PageRequest page);

    Outcome<Job> job(UserId actor, JobId id);

    Outcome<Job> retry(UserId actor, JobId id);

    Outcome<Void> delete(UserId actor, JobId id);

    Outcome<Void> pause(UserId actor, String queue);

    Outcome<Void> resume(UserId actor, String queue);

    Outcome<List<QueueStats>> queues(UserId actor);

    /** Enqueues the schedule's job now, apart from its ticks. */
    Outcome<JobId> runSchedule(UserId actor, String schedule);
}
